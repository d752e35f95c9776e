import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReports, ScanHistory } from '../../src/scanner/history.js';
import { buildReport } from '../../src/scanner/scan.js';
import { emptySnapshot } from '../../src/scanner/snapshot.js';
import { ROOT } from '../support/source.js';
import { cli } from './support.js';

const tool = (name: string, description: string) => ({
  name,
  description,
  inputSchema: { type: 'object', properties: {} },
});
const report = (tools: ReturnType<typeof tool>[], at: string) =>
  buildReport(
    { ...emptySnapshot('srv', 'tools-json'), tools },
    { error: null, startedAt: new Date(at), durationMs: 1 },
  );

describe('scan history', () => {
  it('stores reports atomically, lists them newest first and finds them by id prefix', () => {
    const h = new ScanHistory(join(mkdtempSync(join(tmpdir(), 'mcpshield-h-')), 'scans'));
    const a = h.save(report([tool('eval', 'Evaluates.')], '2026-01-01T10:00:00.000Z'));
    const b = h.save(report([], '2026-01-02T10:00:00.000Z'));
    writeFileSync(join(h.dir, 'notes.json'), 'not a report');
    expect(a).toMatch(/^20260101T100000Z-[0-9a-f]{6}$/);
    expect(h.list().map((s) => s.id)).toEqual([b, a]);
    expect(h.read(a.slice(0, 20)).findings[0]!.id).toBe('TOOL-008');
    expect(() => h.read('2026')).toThrow(/ambiguous/);
    expect(() => h.read('1999')).toThrow(/no scan/);
  });

  it('diffs two reports into new, fixed and unchanged findings', () => {
    const before = report(
      [tool('eval', 'Evaluates.'), tool('sudo', 'Runs as root.')],
      '2026-01-01T00:00:00Z',
    );
    const after = report(
      [tool('sudo', 'Runs as root.'), tool('drop_table', 'Drops.')],
      '2026-01-02T00:00:00Z',
    );
    const d = diffReports(before, after);
    expect(d.fixed.map((f) => f.location)).toEqual(['tool `eval`']);
    expect(d.unchanged.map((f) => f.location)).toEqual(['tool `sudo`']);
    expect(d.new.map((f) => f.location)).toContain('tool `drop_table`');
  });

  it('scan list and scan diff work from the CLI on saved scans', () => {
    cli(['scan', '--tools-json', join(ROOT, 'test/fixtures/scanner/tools/poisoned.json')]);
    cli(['scan', '--tools-json', join(ROOT, 'test/fixtures/scanner/tools/clean.json')]);
    const list = JSON.parse(cli(['scan', 'list', '--json']).stdout) as { id: string; target: string }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    const [after, before] = list;
    const d = JSON.parse(cli(['scan', 'diff', before!.id, after!.id, '--json']).stdout);
    expect(Object.keys(d)).toEqual(['new', 'fixed', 'unchanged']);
    expect(cli(['scan', 'diff', 'nope', after!.id]).code).toBe(2);
  });
});
