import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { SandboxSettings } from '../policy/schema.js';
import type { StdioSpec } from './upstream.js';

export type SandboxKind = 'bwrap' | 'docker';
export const SANDBOX_KINDS: readonly SandboxKind[] = ['bwrap', 'docker'];

export type SandboxOptions = SandboxSettings & {
  /** docker: the image the server runs in. */
  image?: string;
  /** Where `~/` points and which credential files are hidden (default: the user's home). */
  home?: string;
  /** docker: environment variables passed into the container, by name (values never on the command line). */
  passEnv?: string[];
};

/**
 * Credential stores a server has no business reading: cloud and cluster credentials, SSH and GPG keys,
 * package-registry tokens, and the configs of AI clients (which hold other MCP servers' tokens). Under
 * bwrap they are masked by an empty directory or an empty file.
 */
export const HIDDEN_IN_HOME: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.docker',
  '.config/gh',
  '.password-store',
  '.netrc',
  '.git-credentials',
  '.npmrc',
  '.pypirc',
  '.claude.json',
  '.claude',
  '.config/Claude',
  '.cursor',
  '.codeium',
  '.gemini',
  '.codex',
  '.config/mcpshield',
  '.mcpshield',
];

/** Launchers that install packages on first use: their cache must be writable or they cannot start. */
const PACKAGE_CACHES: Record<string, readonly string[]> = {
  npx: ['.npm'],
  npm: ['.npm'],
  pnpm: ['.local/share/pnpm', '.cache/pnpm'],
  bunx: ['.bun'],
  uvx: ['.cache/uv', '.local/share/uv'],
  uv: ['.cache/uv', '.local/share/uv'],
  pipx: ['.local/pipx', '.cache/pipx'],
};

/** Can this machine run the sandbox: bubblewrap installed, or a Docker engine answering? */
export function sandboxAvailable(kind: SandboxKind): boolean {
  const [cmd, args] =
    kind === 'bwrap' ? ['bwrap', ['--version']] : ['docker', ['info', '--format', '{{.ServerVersion}}']];
  return spawnSync(cmd as string, args as string[], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

const expandHome = (p: string, home: string) =>
  p === '~' ? home : p.startsWith('~/') ? resolve(home, p.slice(2)) : resolve(p);

/**
 * The command that runs `spec` confined. bwrap: the whole filesystem read-only, a private /tmp, /dev and
 * /proc of its own, every namespace unshared (no network unless allowed: not even the host's loopback),
 * all capabilities dropped, a new session (no terminal injection), killed with the gateway; credential
 * stores in the home directory masked (by an empty directory, or an empty read-only file); writable only the declared paths and the launcher's package
 * cache. docker: the equivalent hardened container.
 */
export function sandboxCommand(kind: SandboxKind, spec: StdioSpec, o: SandboxOptions): StdioSpec {
  const home = o.home ?? homedir();
  const cwd = spec.cwd ?? process.cwd();
  const writable = o.writable.map((p) => expandHome(p, home));
  for (const p of writable)
    if (!existsSync(p)) throw new Error(`sandbox: writable path \`${p}\` does not exist`);
  return kind === 'bwrap' ? bwrap(spec, o, home, cwd, writable) : docker(spec, o, home, cwd, writable);
}

function bwrap(spec: StdioSpec, o: SandboxOptions, home: string, cwd: string, writable: string[]): StdioSpec {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  args.push('--unshare-all', ...(o.network ? ['--share-net'] : []));
  args.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL');
  // The home and working directories stay reachable (read-only) even when they sit under /tmp.
  for (const p of new Set([home, cwd]))
    if (p.startsWith('/tmp/') && fileKind(p) === 'dir') args.push('--ro-bind', p, p);
  let empty: string | undefined;
  for (const rel of HIDDEN_IN_HOME) {
    const p = resolve(home, rel);
    const kind = fileKind(p);
    if (kind === 'dir') args.push('--tmpfs', p);
    else if (kind === 'file') args.push('--ro-bind', (empty ??= emptyFile()), p);
  }
  const caches = (PACKAGE_CACHES[launcher(spec.command)] ?? [])
    .map((rel) => resolve(home, rel))
    .filter((p) => fileKind(p) === 'dir');
  for (const p of [...caches, ...writable]) args.push('--bind', p, p);
  args.push('--chdir', cwd, '--', spec.command, ...spec.args);
  return { command: 'bwrap', args, env: spec.env, cwd };
}

function docker(
  spec: StdioSpec,
  o: SandboxOptions,
  home: string,
  cwd: string,
  writable: string[],
): StdioSpec {
  const args = ['run', '--rm', '-i', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges'];
  args.push(`--network=${o.network ? 'bridge' : 'none'}`, `--memory=${o.memory}`, `--pids-limit=${o.pids}`);
  args.push('--tmpfs', '/tmp:rw,noexec,nosuid,size=64m', '--user', `${uid()}:${gid()}`);
  // The server's own files: the working directory and absolute paths among its arguments, read-only.
  const mounts = new Map<string, 'ro' | 'rw'>();
  if (fileKind(cwd) === 'dir' && cwd !== '/' && cwd !== home) mounts.set(cwd, 'ro');
  for (const a of [spec.command, ...spec.args])
    if (isAbsolute(a) && fileKind(a) !== undefined && !a.startsWith(home + '/.')) mounts.set(a, 'ro');
  for (const p of writable) mounts.set(p, 'rw');
  for (const [p, mode] of mounts) args.push('-v', `${p}:${p}:${mode}`);
  for (const name of o.passEnv ?? []) args.push('-e', name);
  args.push('-w', cwd, o.image ?? defaultImage(spec.command), spec.command, ...spec.args);
  return { command: 'docker', args, env: spec.env, cwd };
}

function defaultImage(command: string): string {
  const l = launcher(command);
  if (['uvx', 'uv'].includes(l)) return 'ghcr.io/astral-sh/uv:python3.12-bookworm-slim';
  if (['python', 'python3', 'pipx'].includes(l)) return 'python:3.12-slim';
  return 'node:20-bookworm-slim';
}

/** A new empty file (bwrap mounts binds `nodev`: /dev/null cannot stand in for a masked file). */
function emptyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mcpshield-sandbox-')), 'empty');
  writeFileSync(file, '', { mode: 0o444 });
  return file;
}

const launcher = (command: string) => basename(command).replace(/\.(exe|cmd)$/, '');

function fileKind(p: string): 'dir' | 'file' | undefined {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

const uid = () => process.getuid?.() ?? 1000;
const gid = () => process.getgid?.() ?? 1000;
