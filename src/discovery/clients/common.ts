import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parsedText, type ScanContext } from '../context.js';
import { at, serversOfMap, type Origin } from '../servers.js';
import type { ConfigFormat } from '../types.js';
import type { Source } from './types.js';

/** A file whose servers are one map at `keys` (`mcpServers`, `servers`, `mcp.servers`, ...). */
export function mapSource(
  path: string,
  keys: string[],
  origin: Origin,
  format: ConfigFormat = 'json',
): Source {
  return {
    path,
    format,
    scope: origin.scope,
    ...(origin.workspace ? { workspace: origin.workspace } : {}),
    servers: (doc) => serversOfMap(at(doc, ...keys), keys, origin),
  };
}

/** The same file name in every project folder. */
export function inWorkspaces(ctx: ScanContext, make: (dir: string) => Source[]): Source[] {
  return ctx.workspaces.flatMap(make);
}

/** The files of a folder whose names pass `accept`, as paths. */
export async function filesIn(ctx: ScanContext, dir: string, accept: (name: string) => boolean) {
  return (await ctx.list(dir)).filter(accept).map((name) => join(dir, name));
}

/** A document parsed without complaint: for lists of folders, whose own errors are reported elsewhere. */
export async function quietDoc(
  ctx: ScanContext,
  path: string,
  format: ConfigFormat = 'json',
): Promise<unknown> {
  const read = await ctx.read(path);
  if (read.kind !== 'text') return undefined;
  try {
    return parsedText(read, format);
  } catch {
    return undefined;
  }
}

/** The `User` folder of a VS Code build (`Code`, `Code - Insiders`, `Cursor`, `Windsurf`, `Trae`). */
export function vscodeUserDir(ctx: ScanContext, app: string): string {
  return join(ctx.dirs.appData, app, 'User');
}

/**
 * Project folders a VS Code build has opened: each `workspaceStorage/<hash>/workspace.json` names its
 * folder as a `file:` URI.
 */
export async function vscodeWorkspaces(ctx: ScanContext, userDir: string): Promise<string[]> {
  const storage = join(userDir, 'workspaceStorage');
  const out: string[] = [];
  for (const entry of await ctx.list(storage)) {
    const folder = at(await quietDoc(ctx, join(storage, entry, 'workspace.json')), 'folder');
    if (typeof folder === 'string' && folder.startsWith('file:')) {
      try {
        out.push(fileURLToPath(folder));
      } catch {
        // a URI this platform cannot express as a path (a Windows drive on Linux): not scannable here
      }
    }
  }
  return out;
}
