import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgent, type AgentScan } from '../../src/discovery/agent/loop.js';
import { discover } from '../../src/discovery/discover.js';
import { ROOT } from '../support/source.js';
import { copyFixture } from './fixture-home.js';

describe('agent loop', () => {
  it('reads nothing again while no config changes, and scans again when one does', async () => {
    const copy = copyFixture('linux');
    const scans: AgentScan[] = [];
    const stop = new AbortController();
    const cursor = join(copy.home, '.cursor', 'mcp.json');
    await runAgent({
      os: 'linux',
      home: copy.home,
      root: copy.root,
      intervalMs: 5,
      signal: stop.signal,
      onScan(scan) {
        scans.push(scan);
        if (scans.length === 3)
          writeFileSync(cursor, '{"mcpServers": {"added": {"command": "node", "args": ["new.js"]}}}');
        if (scans.length === 5) stop.abort();
      },
    });
    expect(scans.map((s) => s.inventory !== null)).toEqual([true, false, false, true, false]);
    // the cached scan finds what a fresh one finds
    const fresh = await discover({ os: 'linux', home: copy.home, root: copy.root });
    expect(scans[3]!.inventory).toEqual(fresh);
    const after = scans[3]!.inventory!;
    expect(
      after.servers.filter((s) => s.client === 'cursor' && s.workspace === null).map((s) => s.name),
    ).toEqual(['added']);
  });
});

describe('mcpshield agent', () => {
  it('--once writes the inventory to --out and exits', async () => {
    const copy = copyFixture('macos');
    const out = join(copy.dir, 'inventory.json');
    const args = ['agent', '--once', '--os', 'macos', '--home', copy.home, '--root', copy.root, '--out', out];
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/scanned: 9 servers, 1 not scanned/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(
      await discover({ os: 'macos', home: copy.home, root: copy.root }),
    );
  });
});
