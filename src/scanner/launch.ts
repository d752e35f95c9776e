import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Launch } from './snapshot.js';

/**
 * The launch of a stdio server as written (command, arguments, environment, the config entry), with the
 * file facts the configuration checks need: symbolic links on the way to the server and files any user
 * may rewrite. Looking at files never runs them.
 */
export function describeLaunch(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  entry: Record<string, unknown> | null = null,
  configPath: string | null = null,
): Launch {
  const symlinks: Launch['symlinks'] = [];
  const worldWritable: string[] = [];
  const scripts = args.filter(looksLikeScript).map((a) => resolve(a));
  const commandPath = command ? resolveCommand(command) : null;

  for (const path of commandPath ? [commandPath, ...scripts] : scripts) {
    try {
      // Package managers install commands (`npx`, `python3`) as links on purpose: only scripts count.
      if (path !== commandPath && lstatSync(path).isSymbolicLink()) {
        symlinks.push({ path, target: safeRealpath(path) ?? readlinkSync(path) });
      }
      if ((statSync(path).mode & 0o002) !== 0) worldWritable.push(path);
    } catch {
      // not a file here: nothing to say about it
    }
  }
  return { command, args, env, entry, configPath, symlinks, worldWritable };
}

/** A script given to an interpreter: `server.js`, `./dist/index.mjs`, `/opt/mcp/main.py`. */
function looksLikeScript(arg: string): boolean {
  return !arg.startsWith('-') && /\.(?:[cm]?js|ts|py|sh)$/.test(arg);
}

/** The file a command runs: itself when it has a slash, else the first match on PATH. */
function resolveCommand(command: string): string | null {
  if (command.includes('/')) return isAbsolute(command) ? command : resolve(command);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      statSync(candidate);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

function safeRealpath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
