import type { AuditEventInput } from '../../store/index.js';
import type { AuditRule, Candidate } from './rule.js';

/** How a gateway marks a tool whose definition changed since it was pinned (`src/gateway/pins.ts`). */
const RUG_PULL = 'rug-pull';

type Entry = { kind?: unknown; id?: unknown; detector?: unknown; tool?: unknown; message?: unknown };

/**
 * The changed tools an event reports: the gateway's `notes` (kept under `details.notes`) or findings of
 * kind `rug-pull`, each naming the tool.
 */
export function rugPullsIn(event: AuditEventInput): { tool: string; message: string }[] {
  const notes = (event.details as { notes?: unknown } | undefined)?.notes;
  const entries = [...(Array.isArray(notes) ? notes : []), ...(event.findings ?? [])] as unknown[];
  const out = new Map<string, string>();
  for (const e of entries) {
    if (!e || typeof e !== 'object') continue;
    const { kind, id, detector, tool, message } = e as Entry;
    if (kind !== RUG_PULL && id !== RUG_PULL && detector !== RUG_PULL) continue;
    const name = typeof tool === 'string' ? tool : (event.toolName ?? '(unnamed tool)');
    if (!out.has(name)) out.set(name, typeof message === 'string' ? message : 'definition changed');
  }
  return [...out].map(([tool, message]) => ({ tool, message }));
}

export const rugPull: AuditRule = {
  on: 'audit',
  meta: {
    id: 'rug-pull',
    summary: "a gateway reports that a pinned tool's definition changed (blocked until approved)",
  },
  create: () => (facts) => {
    const out = new Map<string, Candidate>();
    for (const event of facts.events) {
      const server = event.serverName ?? '(unnamed server)';
      const projectId = event.projectId ?? facts.projectId;
      for (const { tool, message } of rugPullsIn(event)) {
        const dedupKey = `rug-pull:${projectId ?? '-'}:${server}:${tool}`;
        out.set(dedupKey, {
          kind: 'rug-pull',
          severity: 'critical',
          title: `Tool \`${tool}\` of MCP server \`${server}\` changed its definition since it was pinned`,
          details: { server, tool, message, event_id: event.eventId, seen_at: event.timestamp.toISOString() },
          projectId,
          dedupKey,
        });
      }
    }
    return [...out.values()];
  },
};
