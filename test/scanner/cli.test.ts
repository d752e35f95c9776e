import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/source.js';
import { cli, fixtureArgs } from './support.js';

const fx = (p: string) => join(ROOT, 'test/fixtures/scanner', p);
const dir = mkdtempSync(join(tmpdir(), 'mcpshield-scan-cli-'));

describe('mcpshield scan (the CLI)', () => {
  it('prints the JSON contract for a tools file', () => {
    const r = cli(['scan', '--tools-json', fx('tools/poisoned.json')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report).slice(0, 5)).toEqual(['target', 'status', 'findings', 'score', 'grade']);
    expect(report.status).toBe('ok');
    const f = (report.findings as Record<string, unknown>[])[0]!;
    expect(f).toMatchObject({ id: 'TOOL-001', severity: 'critical', owasp: 'MCP03' });
    for (const k of ['title', 'location', 'evidence', 'remediation', 'references'])
      expect(f).toHaveProperty(k);
  });

  it('--fail-on sets the exit code', () => {
    expect(cli(['scan', '--tools-json', fx('tools/poisoned.json'), '--fail-on', 'high']).code).toBe(1);
    expect(cli(['scan', '--tools-json', fx('tools/poisoned.json'), '--fail-on', 'critical']).code).toBe(1);
    expect(cli(['scan', '--tools-json', fx('tools/clean.json'), '--fail-on', 'low']).code).toBe(0);
    expect(cli(['scan', '--tools-json', fx('tools/clean.json')]).code).toBe(0);
  });

  it('exits 1 for a target that could not be scanned, and 2 for bad usage', () => {
    const r = cli(['scan', '--timeout', '3000', 'http://127.0.0.1:9/mcp']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', grade: 'F' });
    expect(cli(['scan']).code).toBe(2);
    expect(cli(['scan', '--format', 'pdf', '--tools-json', fx('tools/clean.json')]).code).toBe(2);
    expect(cli(['scan', '--timeout', 'soon', '--tools-json', fx('tools/clean.json')]).stderr).toMatch(
      /--timeout/,
    );
  });

  it('audits a client config offline: CVEs of pinned versions, typosquats, auto-approval', () => {
    const r = cli(['scan', '--config', fx('configs/vulnerable.json')]);
    const reports = JSON.parse(r.stdout) as {
      target: string;
      findings: { id: string; evidence: string }[];
    }[];
    expect(reports).toHaveLength(3);
    const [fs, remote, typo] = reports;
    expect(fs!.findings.filter((f) => f.id === 'SUP-001').map((f) => f.evidence.split(':')[0])).toEqual([
      'CVE-2025-53110',
      'CVE-2025-53109',
    ]);
    expect(remote!.findings.find((f) => f.id === 'SUP-001')?.evidence).toMatch(/^CVE-2025-6514/);
    expect(typo!.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['SUP-003', 'CFG-003']));
  });

  it('--server picks one server; a clean config has nothing severe', () => {
    const one = JSON.parse(
      cli(['scan', '--config', fx('configs/vulnerable.json'), '--server', 'remote']).stdout,
    );
    expect(one.target).toMatch(/#remote$/);
    const clean = JSON.parse(cli(['scan', '--config', fx('configs/clean.json'), '--fail-on', 'high']).stdout);
    expect(clean.map((r: { grade: string }) => r.grade)).toEqual(['A', 'A']);
  });

  it('counts findings suppressed by a baseline, with their reason', () => {
    const r = cli([
      'scan',
      '--config',
      fx('configs/vulnerable.json'),
      '--server',
      'filesystem',
      '--baseline',
      fx('configs/baseline.yaml'),
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.findings.filter((f: { id: string }) => f.id === 'SUP-001')).toEqual([]);
    expect(report.suppressed).toHaveLength(2);
    expect(report.suppressed[0].reason).toMatch(/OPS-142/);
    const bad = join(dir, 'no-reason.yaml');
    writeFileSync(bad, 'suppressions:\n  - id: SUP-001\n');
    expect(cli(['scan', '--tools-json', fx('tools/clean.json'), '--baseline', bad]).stderr).toMatch(
      /has no `reason`/,
    );
  });

  it('writes every format to --output and a summary to stderr', () => {
    for (const format of ['json', 'sarif', 'markdown', 'html']) {
      const out = join(dir, `report.${format}`);
      const r = cli(['scan', '--tools-json', fx('tools/poisoned.json'), '--format', format, '--output', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/grade F/);
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(200);
    }
  });

  it('--connect also starts the servers of a config and scans them live', () => {
    const config = join(dir, 'live.json');
    const server = (name: string) => ({ command: process.execPath, args: fixtureArgs(name) });
    writeFileSync(config, JSON.stringify({ mcpServers: { bad: server('poisoned'), good: server('clean') } }));
    const [bad, good] = JSON.parse(cli(['scan', '--config', config, '--connect']).stdout);
    expect(bad).toMatchObject({ status: 'ok', transport: 'stdio', grade: 'F', counts: { tools: 5 } });
    expect(good).toMatchObject({ status: 'ok', grade: 'A', counts: { tools: 3 } });
  });

  it('--env gives a stdio server the variables it needs (a failed start quotes its stderr)', () => {
    const server = ['--', process.execPath, ...fixtureArgs('needs-env')];
    const without = cli(['scan', ...server]);
    expect(without.code).toBe(1);
    expect(JSON.parse(without.stdout).error).toMatch(/WEATHER_API_KEY is not set/);
    expect(JSON.parse(cli(['scan', '--env', 'WEATHER_API_KEY=k-123', ...server]).stdout).status).toBe('ok');
    expect(cli(['scan', '--env', 'X=1', 'http://127.0.0.1:9/mcp']).code).toBe(2);
  });

  it('--write-pins writes a pin file the gateway reads and a later scan compares against', async () => {
    const pins = join(dir, 'clean-pins.json');
    const server = ['--', process.execPath, ...fixtureArgs('clean')];
    expect(cli(['scan', '--write-pins', pins, ...server]).stderr).toMatch(/pinned 3 tools/);
    expect(JSON.parse(cli(['scan', '--pins', pins, ...server]).stdout).findings).toEqual([]);
    const { PinStore } = await import('../../src/gateway/pins.js');
    const store = new PinStore(dir);
    const file = JSON.parse(readFileSync(pins, 'utf8'));
    expect(file.server).toBe('clean');
    writeFileSync(join(dir, 'clean.json'), JSON.stringify(file));
    const tools = Object.values(file.tools as Record<string, { definition: unknown }>).map(
      (p) => p.definition,
    );
    expect(store.check('clean', tools)).toMatchObject({ pinned: [], changed: [] });
    const changed = JSON.parse(readFileSync(pins, 'utf8'));
    changed.tools.add.hash = 'sha256:0';
    writeFileSync(pins, JSON.stringify(changed));
    const drift = JSON.parse(cli(['scan', '--pins', pins, ...server]).stdout);
    expect(drift.findings.map((f: { id: string }) => f.id)).toEqual(['DRIFT-001']);
  });

  it('scans a stdio server given after --', () => {
    const r = cli(['scan', '--', process.execPath, ...fixtureArgs('clean')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'ok', grade: 'A' });
  });
});
