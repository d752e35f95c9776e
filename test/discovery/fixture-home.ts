import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/source.js';
import type { Inventory, Os } from '../../src/discovery/types.js';

export const FIXTURES = join(ROOT, 'test/fixtures/discovery');

export type FixtureCopy = { os: Os; dir: string; home: string; root: string };

/**
 * A writable copy of a fixture machine (`home/` and `system/`), with `@HOME@` in its files replaced by the
 * copy's home (project lists hold absolute paths), and the case git cannot hold: a config path that is a
 * folder, which cannot be read as a file whoever runs the test.
 */
export function copyFixture(os: Os): FixtureCopy {
  const dir = mkdtempSync(join(tmpdir(), `mcpshield-discovery-${os}-`));
  cpSync(join(FIXTURES, os), dir, { recursive: true });
  const home = join(dir, 'home');
  substitute(home, home);
  mkdirSync(join(home, '.cache', 'lm-studio', 'mcp.json'), { recursive: true });
  return { os, dir, home, root: join(dir, 'system') };
}

function substitute(folder: string, home: string): void {
  for (const e of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, e.name);
    if (e.isDirectory()) substitute(p, home);
    else {
      const text = readFileSync(p, 'utf8');
      if (text.includes('@HOME@')) writeFileSync(p, text.replaceAll('@HOME@', home));
    }
  }
}

/** The inventory as JSON with the copy's paths put back as `@HOME@` and `@ROOT@`, for comparison. */
export function portable(json: string, copy: FixtureCopy): string {
  return json.replaceAll(copy.home, '@HOME@').replaceAll(copy.root, '@ROOT@');
}

/** `mcpshield discover --format json --os linux ARGS` from the sources, in a child process; its inventory. */
export function discoverCli(args: string[], options: SpawnSyncOptions = {}): Inventory {
  const cli = [
    '--import',
    'tsx',
    join(ROOT, 'src/cli/main.ts'),
    'discover',
    '--format',
    'json',
    '--os',
    'linux',
  ];
  const r = spawnSync(process.execPath, [...cli, ...args], {
    cwd: ROOT,
    ...options,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  if (!r.stdout) throw new Error(`discover failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Inventory;
}
