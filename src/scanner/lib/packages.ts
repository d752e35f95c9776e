import { parsePackageSpec, type Ecosystem } from '../../advisories/index.js';
import type { Launch } from '../snapshot.js';

/** A package a launch installs and runs: `npx -y pkg@1.2.3`, `uvx pkg==1.0`, `bunx`, `pnpm dlx`, `pipx run`. */
export type LaunchedPackage = {
  ecosystem: Ecosystem;
  spec: string;
  name: string;
  version: string | null;
  /** `registry`, or a source no registry vouches for: a URL, a git repository, a local tarball. */
  source: 'registry' | 'url' | 'git' | 'path';
};

const NPM_RUNNERS = new Set(['npx', 'bunx', 'npm-exec']);
const PY_RUNNERS = new Set(['uvx']);
/** Flags of the runners that take a value (`--package pkg`, `--from spec`). */
const VALUE_FLAGS = new Set([
  '-p',
  '--package',
  '--from',
  '--with',
  '--python',
  '--index-url',
  '--registry',
  '-c',
  '--call',
]);

export function launchedPackage(launch: Launch): LaunchedPackage | null {
  const cmd = basename(launch.command);
  let args = launch.args;
  let ecosystem: Ecosystem | null = null;
  if (NPM_RUNNERS.has(cmd)) ecosystem = 'npm';
  else if (PY_RUNNERS.has(cmd)) ecosystem = 'pypi';
  else if ((cmd === 'pnpm' || cmd === 'yarn') && args[0] === 'dlx')
    [ecosystem, args] = ['npm', args.slice(1)];
  else if (cmd === 'npm' && args[0] === 'exec') [ecosystem, args] = ['npm', args.slice(1)];
  else if (cmd === 'pipx' && args[0] === 'run') [ecosystem, args] = ['pypi', args.slice(1)];
  else if (cmd === 'uv' && args[0] === 'tool' && args[1] === 'run')
    [ecosystem, args] = ['pypi', args.slice(2)];
  if (!ecosystem) return null;
  let spec: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') continue;
    if (a === '--package' || a === '-p' || a === '--from') {
      spec = args[i + 1] ?? null;
      break;
    }
    if (a.startsWith('--package=') || a.startsWith('--from=')) {
      spec = a.slice(a.indexOf('=') + 1);
      break;
    }
    if (VALUE_FLAGS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    spec = a;
    break;
  }
  if (!spec) return null;
  const source = sourceOf(spec);
  if (source !== 'registry') return { ecosystem, spec, name: spec, version: null, source };
  const py =
    ecosystem === 'pypi' && !spec.includes('==') && spec.includes('@') ? spec.replace('@', '==') : spec;
  const { name, version } = parsePackageSpec(py, ecosystem);
  return { ecosystem, spec, name: name.toLowerCase(), version, source };
}

function sourceOf(spec: string): LaunchedPackage['source'] {
  if (/^(?:git\+|github:|gitlab:|bitbucket:|git:\/\/)/.test(spec) || spec.endsWith('.git')) return 'git';
  if (spec.startsWith('http://') || spec.startsWith('https://')) return 'url';
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:') || spec.endsWith('.tgz'))
    return 'path';
  return 'registry';
}

export function basename(command: string): string {
  const last = command.split(/[\\/]/).pop() ?? command;
  return last.toLowerCase().replace(/\.(?:cmd|exe|bat)$/, '');
}
