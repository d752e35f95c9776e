import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discovery/discover.js';
import { levelOf } from '../../src/discovery/risk/types.js';
import type { Inventory, Os } from '../../src/discovery/types.js';
import { ROOT } from '../support/source.js';
import { copyFixture, discoverCli, FIXTURES, portable } from './fixture-home.js';

/** Every fake secret in the fixtures carries this marker; none may reach any output. */
const SECRET_MARKER = 'FIXTURE0';
const OSES: Os[] = ['linux', 'macos', 'windows'];

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Root reads every folder whatever its mode: run as root (CI), the scan runs as `nobody` in a child
 * process, as a user's own scan would.
 */
async function discoverAsUser(copy: { dir: string; home: string; root: string }): Promise<Inventory> {
  if (process.getuid?.() !== 0) return discover({ os: 'linux', home: copy.home, root: copy.root });
  chmodSync(copy.dir, 0o755); // a temporary folder is the creator's alone
  return discoverCli(['--home', copy.home, '--root', copy.root], {
    uid: 65534,
    gid: 65534,
    env: { HOME: tmpdir() },
  });
}

describe.each(OSES)('discover on the %s fixture home', (os) => {
  const copy = copyFixture(os);
  const run = () => discover({ os, home: copy.home, root: copy.root });

  it('finds exactly the expected inventory', async () => {
    const expected = readFileSync(join(FIXTURES, os, 'expected.json'), 'utf8');
    expect(portable(JSON.stringify(await run(), null, 2), copy) + '\n').toBe(expected);
  });

  it('keeps the contract shape', async () => {
    const inv = await run();
    expect(Object.keys(inv)).toEqual(['servers', 'clients', 'errors']);
    for (const s of inv.servers) {
      expect(Object.keys(s).slice(0, 9)).toEqual([
        'client',
        'configPath',
        'name',
        'transport',
        'command',
        'args',
        'url',
        'env',
        'risk',
      ]);
      expect(['stdio', 'http', 'sse']).toContain(s.transport);
      expect(s.transport === 'stdio' ? typeof s.command : typeof s.url).toBe('string');
      expect(s.env.every((n) => typeof n === 'string')).toBe(true);
      expect(Object.keys(s.risk)).toEqual(['score', 'level', 'factors']);
    }
    for (const c of inv.clients)
      expect(Object.keys(c).slice(0, 3)).toEqual(['client', 'configPath', 'status']);
    for (const e of inv.errors) expect(Object.keys(e).slice(0, 2)).toEqual(['configPath', 'message']);
  });

  it('explains every point of every score', async () => {
    for (const s of (await run()).servers) {
      const sum = s.risk.factors.reduce((n, f) => n + f.points, 0);
      expect(s.risk.score, s.name).toBe(Math.min(100, sum));
      expect(s.risk.level).toBe(levelOf(s.risk.score));
      for (const f of s.risk.factors) {
        expect(f.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
        expect(f.points).toBeGreaterThan(0);
        expect(f.detail.length).toBeGreaterThan(10);
      }
    }
  });

  it('reports the config that is a folder as unreadable, never as clean', async () => {
    const inv = await run();
    const path = join(copy.home, '.cache', 'lm-studio', 'mcp.json');
    expect(inv.errors).toContainEqual({
      configPath: path,
      message: 'is a folder, not a file',
      client: 'lm-studio',
    });
    expect(inv.clients).toContainEqual({
      client: 'lm-studio',
      configPath: path,
      status: 'unreadable',
      servers: 0,
    });
  });

  it('lets no secret value out, in JSON or in the table', () => {
    const json = cli(['discover', '--format', 'json', '--os', os, '--home', copy.home, '--root', copy.root]);
    const table = cli(['discover', '--os', os, '--home', copy.home, '--root', copy.root]);
    expect(json.stdout).not.toContain(SECRET_MARKER);
    expect(table.stdout).not.toContain(SECRET_MARKER);
    // the fixtures do hold secrets: the check can fail
    expect(JSON.stringify(readFixtureTexts(os))).toContain(SECRET_MARKER);
  });
});

function readFixtureTexts(os: Os): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(FIXTURES, os));
  return out;
}

describe('the linux fixture', () => {
  it('reports the broken JSONC file with line and column', async () => {
    const copy = copyFixture('linux');
    const inv = await discover({ os: 'linux', home: copy.home, root: copy.root });
    expect(inv.errors).toContainEqual({
      configPath: join(copy.home, '.kiro', 'settings', 'mcp.json'),
      message: 'invalid JSON at 4:5: CommaExpected',
      client: 'kiro',
    });
  });

  it('finds project servers through the project lists of Claude Code and VS Code', async () => {
    const copy = copyFixture('linux');
    const inv: Inventory = await discover({ os: 'linux', home: copy.home, root: copy.root });
    const byName = (n: string) => inv.servers.find((s) => s.name === n)!;
    expect(byName('shell')).toMatchObject({ scope: 'project', workspace: join(copy.home, 'projects/api') });
    expect(byName('postgres')).toMatchObject({ scope: 'local', workspace: join(copy.home, 'projects/api') });
    expect(byName('kubernetes')).toMatchObject({
      client: 'vscode',
      workspace: join(copy.home, 'projects/web'),
    });
  });

  it('scans a folder given with --workspace', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mcpshield-ws-home-'));
    const project = mkdtempSync(join(tmpdir(), 'mcpshield-ws-'));
    mkdirSync(join(project, '.cursor'));
    writeFileSync(
      join(project, '.cursor', 'mcp.json'),
      '{"mcpServers": {"p": {"command": "node", "args": ["s.js"]}}}',
    );
    const inv = await discover({ os: 'linux', home, root: home, workspaces: [project] });
    expect(inv.servers.map((s) => [s.client, s.name, s.scope, s.workspace])).toEqual([
      ['cursor', 'p', 'project', project],
    ]);
  });

  it('a folder without permission hides no other client', async () => {
    const copy = copyFixture('linux');
    chmodSync(join(copy.home, '.config'), 0o000);
    chmodSync(join(copy.home, '.cursor', 'mcp.json'), 0o000);
    try {
      const inv = await discoverAsUser(copy);
      expect(inv.servers.some((s) => s.client === 'claude-code')).toBe(true);
      expect(inv.servers.some((s) => s.client === 'codex')).toBe(true);
      expect(inv.errors).toContainEqual({
        configPath: join(copy.home, '.cursor', 'mcp.json'),
        message: 'permission denied',
        client: 'cursor',
      });
      // the closed folder is reported once per client it hides, not once per file looked for
      const closed = inv.errors.filter((e) => e.configPath === join(copy.home, '.config'));
      expect(closed.map((e) => e.client)).toEqual([
        'claude-desktop',
        'vscode',
        'cline',
        'roo-code',
        'zed',
        'opencode',
        'amp',
        'goose',
        'trae',
      ]);
      expect(new Set(closed.map((e) => e.message))).toEqual(new Set(['permission denied']));
      expect(inv.errors.filter((e) => e.client === 'vscode')).toHaveLength(1);
    } finally {
      chmodSync(join(copy.home, '.config'), 0o755);
    }
  });
});

describe('mcpshield discover', () => {
  const copy = copyFixture('linux');

  it('prints the inventory as JSON and exits 1 when a config could not be scanned', async () => {
    const r = cli([
      'discover',
      '--format',
      'json',
      '--os',
      'linux',
      '--home',
      copy.home,
      '--root',
      copy.root,
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(await discover({ os: 'linux', home: copy.home, root: copy.root }));
  });

  it('prints a table, riskiest first, with what was not scanned', () => {
    const r = cli(['discover', '--os', 'linux', '--home', copy.home, '--root', copy.root]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^CLIENT +SERVER +TRANSPORT +RISK +FACTORS$/);
    expect(lines[1]).toMatch(/^cline +desktop-commander +stdio +85 critical +shell-access \+35/);
    expect(r.stdout).toContain(
      `not scanned: ${join(copy.home, '.kiro/settings/mcp.json')}: invalid JSON at 4:5`,
    );
  });

  it('exits 0 on a clean scan and 2 on bad usage', () => {
    const empty = mkdtempSync(join(tmpdir(), 'mcpshield-empty-'));
    expect(cli(['discover', '--home', empty, '--root', empty]).code).toBe(0);
    expect(cli(['discover', '--os', 'beos']).code).toBe(2);
    expect(cli(['discover', '--format', 'xml']).code).toBe(2);
    expect(cli(['discover', '--home', join(empty, 'nope')]).code).toBe(2);
    expect(cli(['discover', '--client', 'nope']).stderr).toContain('unknown client `nope`');
  });
});
