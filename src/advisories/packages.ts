import { parsePackageSpec, type Ecosystem } from './index.js';

/** A package a launcher installs and runs: `npx -y pkg@1.2.3`, `uvx pkg==1.0`, `pnpm dlx pkg`. */
export type LaunchedPackage = {
  ecosystem: Ecosystem;
  name: string;
  version: string | null;
  launcher: string;
};

/** Launchers that install a package and run it, and the words before the package (`pnpm dlx`). */
const NPM_LAUNCHERS: Record<string, string[]> = {
  npx: [],
  bunx: [],
  pnpx: [],
  pnpm: ['dlx'],
  yarn: ['dlx'],
  npm: ['exec', 'x'],
  bun: ['x'],
};
const PYPI_LAUNCHERS: Record<string, string[]> = { uvx: [], uv: ['tool', 'run'], pipx: ['run'] };

/** Options of these launchers that take a value (`npx -p pkg`, `uvx --from pkg`, `uvx --python 3.12`). */
const PACKAGE_OPTIONS = new Set(['-p', '--package', '--from']);
const VALUE_OPTIONS = new Set(['--python', '-c', '--call', '--cache', '--registry', '--index-url', '--with']);

/** The program's base name, lower-case, without a Windows extension: `C:\x\npx.cmd` -> `npx`. */
export function programName(command: string | null): string {
  if (!command) return '';
  const base = command.split(/[\\/]/).pop()!.toLowerCase();
  return base.replace(/\.(?:exe|cmd|bat|ps1)$/, '');
}

/** Programs that run the command after them: `sudo npx -y pkg` runs `npx -y pkg`. */
const WRAPPERS = new Set(['sudo', 'doas', 'gsudo', 'env', 'nice', 'nohup']);

/** The command a wrapper (`sudo`, `env`) ends up running, with its arguments. */
export function innerCommand(
  command: string | null,
  args: readonly string[],
): { command: string | null; args: string[] } {
  let cmd = command;
  let rest = [...args];
  while (cmd !== null && WRAPPERS.has(programName(cmd))) {
    const i = rest.findIndex((a) => !a.startsWith('-') && !a.includes('='));
    if (i === -1) return { command: cmd, args: rest };
    cmd = rest[i]!;
    rest = rest.slice(i + 1);
  }
  return { command: cmd, args: rest };
}

/** The package a stdio server's command installs and runs, if it is started through a package launcher. */
export function launchedPackage(command: string | null, args: readonly string[]): LaunchedPackage | null {
  const program = programName(command);
  const ecosystem: Ecosystem | null =
    program in NPM_LAUNCHERS ? 'npm' : program in PYPI_LAUNCHERS ? 'pypi' : null;
  if (!ecosystem) return null;
  const lead = (ecosystem === 'npm' ? NPM_LAUNCHERS : PYPI_LAUNCHERS)[program]!;
  if (lead.some((w, i) => args[i] !== w)) return null;
  let explicit: string | null = null;
  for (let i = lead.length; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') continue;
    const eq = a.indexOf('=');
    const option = a.startsWith('-') ? (eq > 0 ? a.slice(0, eq) : a) : null;
    if (option !== null) {
      const value =
        eq > 0
          ? a.slice(eq + 1)
          : PACKAGE_OPTIONS.has(option) || VALUE_OPTIONS.has(option)
            ? args[++i]
            : undefined;
      if (PACKAGE_OPTIONS.has(option) && value) explicit = value;
      continue;
    }
    return toPackage(ecosystem, explicit ?? a, program);
  }
  return explicit ? toPackage(ecosystem, explicit, program) : null;
}

function toPackage(ecosystem: Ecosystem, spec: string, launcher: string): LaunchedPackage {
  // uvx also takes `name@version`.
  const pinned =
    ecosystem === 'pypi' && !spec.includes('==') && spec.lastIndexOf('@') > 0
      ? spec.replace('@', '==')
      : spec;
  const { name, version } = parsePackageSpec(pinned, ecosystem);
  return { ecosystem, name, version, launcher };
}
