import { nameWords } from '../../detectors/lib/secret-patterns.js';
import type { RawServer } from '../types.js';
import {
  innerCommand,
  launchedPackage,
  programName,
  type LaunchedPackage,
} from '../../advisories/packages.js';

/** What the factors look at, computed once per server. */
export type ServerFacts = {
  server: RawServer;
  program: string;
  pkg: LaunchedPackage | null;
  /**
   * Lower-case words of what the server is called: its name, its package (without scope), its program
   * and a container image (`@modelcontextprotocol/server-filesystem` -> server, filesystem).
   */
  words: Set<string>;
  /** Tool names the config approves or lists, and those the running server listed (`--deep`). */
  toolNames: string[];
  home: string;
};

export function factsOf(server: RawServer, home: string): ServerFacts {
  const program = programName(server.command);
  const inner = innerCommand(server.command, server.args);
  const innerProgram = programName(inner.command);
  const pkg = inner.command ? launchedPackage(inner.command, inner.args) : null;
  const named = [
    server.name,
    innerProgram,
    pkg ? pkg.name.replace(/^@[^/]+\//, '') : '',
    containerImage(innerProgram, inner.args),
  ];
  const words = new Set(named.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean));
  const live = server.live?.status === 'listed' ? server.live.tools.map((t) => t.name) : [];
  return { server, program, pkg, words, toolNames: [...server.autoApprove, ...server.tools, ...live], home };
}

/** The image of `docker run [options] IMAGE`, its repository path only. */
function containerImage(program: string, args: readonly string[]): string {
  if (program !== 'docker' && program !== 'podman') return '';
  const run = args.indexOf('run');
  if (run === -1) return '';
  for (let i = run + 1; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) return a.split(':')[0]!;
    if (!a.includes('=') && OPTIONS_WITH_VALUE.has(a)) i++;
  }
  return '';
}

const OPTIONS_WITH_VALUE = new Set([
  '-e',
  '--env',
  '-v',
  '--volume',
  '--name',
  '-p',
  '--publish',
  '--network',
  '--mount',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--env-file',
  '--entrypoint',
  '--platform',
]);

/** Words of a tool name: `execute_command`, `runShell`, `delete-file`. */
export function toolWords(tool: string): string[] {
  return nameWords(tool);
}

export function hasAny(words: Set<string>, list: readonly string[]): string | undefined {
  return list.find((w) => words.has(w));
}
