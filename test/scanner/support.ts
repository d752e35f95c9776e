import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scan, type ScanOptions } from '../../src/scanner/scan.js';
import type { Target } from '../../src/scanner/collect.js';
import { ROOT } from '../support/source.js';

export const SERVERS_DIR = join(ROOT, 'test/fixtures/scanner/servers');
const fixtureServer = (name: string) => join(SERVERS_DIR, `${name}.ts`);

/** tsx's loader as a file URL: found from any working directory the server is started in. */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The arguments for `node` that run a TypeScript fixture server: `--import TSX FILE.ts`. */
export const fixtureArgs = (name: string) => ['--import', TSX, fixtureServer(name)];

/** Scans a stdio fixture server (or any command) with this Node. */
export async function scanStdio(args: string[], timeoutMs = 20_000) {
  return (await scan({ kind: 'stdio', command: process.execPath, args, env: {} }, { timeoutMs })).report;
}

export async function scanTarget(target: Target, opts: Partial<ScanOptions> = {}) {
  return (await scan(target, { ...opts, timeoutMs: opts.timeoutMs ?? 20_000 })).report;
}

/** Starts an HTTP fixture server on a free loopback port; resolves its /mcp URL and a stop. */
export async function startFixtureHttp(name: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, fixtureArgs(name), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: '0', ...env },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on port (\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${err}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url: `http://127.0.0.1:${port}/mcp`, stop };
}

/** The CLI's home in these tests (scan history): never the user's. */
export const HOME = mkdtempSync(join(tmpdir(), 'mcpshield-home-'));

/** The real CLI from sources, as CI runs it. */
export function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', MCPSHIELD_HOME: HOME },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const ids = (r: { findings: { id: string }[] }) => [...new Set(r.findings.map((f) => f.id))].sort();
export const severe = (r: { findings: { id: string; severity: string }[] }) =>
  r.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
