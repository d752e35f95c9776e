import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { signUp, type Member } from '../server/support/api.js';
import { projectWithKey, type Machine } from '../server/support/keys.js';
import { tempDir } from '../support/mcp.js';
import { ROOT } from '../support/source.js';
import { memoryServer } from '../server/support/api.js';

/**
 * `mcpshield scan --control-plane URL --api-key K` against a real control plane in this process (the CLI
 * runs as a child, asynchronously, so this process keeps answering it).
 */
const fx = (p: string) => join(ROOT, 'test/fixtures/scanner/tools', p);
const home = tempDir('scan-cp-home');

async function cli(args: string[]) {
  try {
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NO_COLOR: '1', MCPSHIELD_HOME: home },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('mcpshield scan with a control plane', () => {
  let server: RunningServer;
  let ada: Member;
  let ci: Machine;
  let remote: string[];
  beforeAll(async () => {
    server = await memoryServer();
    ada = await signUp(server.url);
    ci = await projectWithKey(server.url, ada);
    remote = ['--control-plane', server.url, '--api-key', ci.key];
  }, 60_000);
  afterAll(() => server?.close());

  it('stores each report in the control plane and keeps the local copy', async () => {
    const before = await cli(['scan', '--tools-json', fx('clean.json'), ...remote]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toMatch(/stored in the control plane as [0-9a-f-]{36}/);
    const after = await cli(['scan', '--tools-json', fx('poisoned.json'), '--fail-on', 'high', ...remote]);
    expect(after.code).toBe(1); // --fail-on still decides
    const stored = (await ada.call('GET', '/api/scans')).body.items;
    expect(stored).toHaveLength(2);
    expect(stored[0].findings_count).toBe(JSON.parse(after.stdout).findings.length);
    expect(readdirSync(join(home, 'scans')).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('lists and diffs the scans of the control plane', async () => {
    const list = await cli(['scan', 'list', '--json', ...remote]);
    expect(list.code, list.stderr).toBe(0);
    const scans = JSON.parse(list.stdout) as { id: string; findings: number }[];
    const ids = (await ci.call('GET', '/api/v1/scans')).body.items.map((s: { id: string }) => s.id);
    expect(scans.map((s) => s.id)).toEqual(ids);

    const [newest, oldest] = scans;
    const diff = await cli(['scan', 'diff', oldest!.id, newest!.id.slice(0, 8), '--json', ...remote]);
    expect(diff.code, diff.stderr).toBe(0);
    const d = JSON.parse(diff.stdout) as { new: unknown[]; fixed: unknown[] };
    expect(d.new.length).toBe(newest!.findings);
    const human = await cli(['scan', 'list', ...remote]);
    expect(human.stdout).toContain(newest!.id);
  });

  it('warns and keeps the local copy when the control plane cannot be reached', async () => {
    const gone = await memoryServer();
    await gone.close();
    const away = ['--control-plane', gone.url, '--api-key', ci.key];
    const r = await cli(['scan', '--tools-json', fx('clean.json'), ...away]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: cannot store the scan in the control plane');
    expect(readdirSync(join(home, 'scans')).filter((f) => f.endsWith('.json'))).toHaveLength(3);
    const list = await cli(['scan', 'list', ...away]);
    expect(list.code).not.toBe(0);
    expect(list.stderr).toContain('cannot be reached');
    expect(
      (await cli(['scan', 'list', '--control-plane', server.url, '--api-key', 'nope'])).stderr,
    ).toContain('mcps_');
  });
});
