import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../store/index.js';
import { BURST_DENIALS, BURST_WINDOW_MS, denialBurst } from './denial-burst.js';
import { ALERT_RULES } from './registry.js';
import { rugPullsIn } from './rug-pull.js';

const orgId = randomUUID();
const projectId = randomUUID();
const event = (at: number, decision: 'allow' | 'deny' = 'deny', project = projectId): AuditEventInput => ({
  eventId: randomUUID(),
  timestamp: new Date(at),
  decision,
  projectId: project,
});

describe('denial-burst', () => {
  it(`raises at the ${BURST_DENIALS}th denial within the window, once per window`, () => {
    const check = denialBurst.create();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const few = Array.from({ length: BURST_DENIALS - 1 }, (_, i) => event(t0 + i * 1000));
    expect(check({ orgId, projectId, events: few })).toEqual([]);
    // allowed calls and another project's denials do not count
    expect(check({ orgId, projectId, events: [event(t0 + 20_000, 'allow')] })).toEqual([]);
    expect(check({ orgId, projectId, events: [event(t0 + 20_000, 'deny', randomUUID())] })).toEqual([]);
    const burst = check({ orgId, projectId, events: [event(t0 + 20_000)] });
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ kind: 'denial-burst', projectId, severity: 'high' });
    // more denials in the same window: nothing new
    expect(check({ orgId, projectId, events: [event(t0 + 30_000), event(t0 + 59_000)] })).toEqual([]);
    // a window later, the burst goes on: one more
    const later = Array.from({ length: 5 }, (_, i) => event(t0 + BURST_WINDOW_MS + i * 100));
    const next = check({ orgId, projectId, events: later });
    expect(next).toHaveLength(1);
    expect(next[0]!.dedupKey).not.toBe(burst[0]!.dedupKey);
  });

  it('does not raise for denials spread wider than the window', () => {
    const check = denialBurst.create();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const spread = Array.from({ length: BURST_DENIALS * 2 }, (_, i) => event(t0 + i * 4000));
    expect(check({ orgId, projectId, events: spread })).toEqual([]);
  });
});

describe('rug-pull', () => {
  it("reads the gateway's notes and findings of kind rug-pull, and nothing else", () => {
    const base = event(Date.now(), 'allow');
    expect(
      rugPullsIn({
        ...base,
        details: {
          notes: [
            { kind: 'rug-pull', message: 'definition changed', tool: 'read' },
            { kind: 'pinned', message: 'first seen, pinned', tool: 'write' },
          ],
        },
      }),
    ).toEqual([{ tool: 'read', message: 'definition changed' }]);
    expect(
      rugPullsIn({ ...base, toolName: 'exec', findings: [{ detector: 'rug-pull', action: 'deny' }] }),
    ).toEqual([{ tool: 'exec', message: 'definition changed' }]);
    expect(rugPullsIn({ ...base, findings: [{ detector: 'ssrf' }], details: { notes: 'x' } })).toEqual([]);
  });
});

it('registers every rule under its own id', () => {
  for (const [id, rule] of Object.entries(ALERT_RULES)) expect(rule.meta.id).toBe(id);
  expect(Object.keys(ALERT_RULES).sort()).toEqual([
    'denial-burst',
    'known-vulnerable',
    'new-risky-server',
    'risk-rise',
    'rug-pull',
  ]);
});
