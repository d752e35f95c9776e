import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVERS, tempDir } from '../support/mcp.js';
import { ROOT } from '../support/source.js';
import { discoverCli } from './fixture-home.js';

/**
 * `discover --deep`: every enabled stdio server of a config is started (under bubblewrap where it is
 * installed, as CI does) and listed; the score then reflects what the server really exposes. The config
 * holds a server with a poisoned tool (test/fixtures/servers/tricky.mjs), an honest one (server-memory)
 * and one that cannot start.
 */
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

function homeWithServers(): string {
  const home = tempDir('deep-home');
  mkdirSync(join(home, '.cursor'));
  const config = {
    mcpServers: {
      tricky: { command: process.execPath, args: [join(ROOT, 'test/fixtures/servers/tricky.mjs')] },
      memory: { command: process.execPath, args: [...SERVERS.memory] },
      missing: { command: join(home, 'no-such-server') },
    },
  };
  writeFileSync(join(home, '.cursor', 'mcp.json'), JSON.stringify(config, null, 2));
  return home;
}

const discoverJson = (home: string, extra: string[]) =>
  discoverCli(['--home', home, '--client', 'cursor', ...extra]);

describe('discover --deep', () => {
  const sandbox = hasBwrap ? 'bwrap' : 'none';

  it('lists what each server really exposes and scores it: a poisoned tool is found', () => {
    const home = homeWithServers();
    const inv = discoverJson(home, ['--deep', '--sandbox', sandbox, '--timeout', '20000']);
    const by = Object.fromEntries(inv.servers.map((s) => [s.name, s]));
    expect(by.tricky!.deep).toMatchObject({ status: 'listed' });
    expect((by.tricky!.deep as { tools: string[] }).tools).toEqual(
      expect.arrayContaining(['add', 'daily_fact', 'lookup', 'config_dump', 'crash']),
    );
    const poisoned = by.tricky!.risk.factors.find((f) => f.id === 'poisoned-tools');
    expect(poisoned?.detail).toMatch(/a listed tool is poisoned/);
    expect(by.memory!.deep).toMatchObject({ status: 'listed' });
    expect((by.memory!.deep as { tools: string[] }).tools).toContain('create_entities');
    expect(by.memory!.risk.factors.map((f) => f.id)).not.toContain('poisoned-tools');
    expect(by.missing!.deep).toMatchObject({ status: 'failed' });
    // The score of every server is still the sum of its factors.
    for (const s of inv.servers)
      expect(s.risk.score).toBe(
        Math.min(
          100,
          s.risk.factors.reduce((n, f) => n + f.points, 0),
        ),
      );
  }, 90_000);

  it('starts nothing without --deep', () => {
    const inv = discoverJson(homeWithServers(), []);
    for (const s of inv.servers) {
      expect(s.deep).toBeUndefined();
      expect(s.risk.factors.map((f) => f.id)).not.toContain('poisoned-tools');
    }
  });
});
