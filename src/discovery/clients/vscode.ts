import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import { inWorkspaces, mapSource, vscodeUserDir, vscodeWorkspaces } from './common.js';
import type { ClientReader, Source } from './types.js';

/** VS Code builds that share the format: stable, Insiders and VSCodium. */
const BUILDS = ['Code', 'Code - Insiders', 'VSCodium'];

/**
 * VS Code: `User/mcp.json` (`servers`), the same in every profile (`User/profiles/<id>/`), the legacy
 * `mcp.servers` of `settings.json`, and `.vscode/mcp.json` (or `.vscode/settings.json`) in each project.
 */
export const vscode: ClientReader = {
  id: 'vscode',
  title: 'VS Code',
  async sources(ctx) {
    const out: Source[] = [];
    for (const build of BUILDS) {
      const user = vscodeUserDir(ctx, build);
      out.push(...userSources(user));
      const profiles = join(user, 'profiles');
      for (const id of await ctx.list(profiles)) out.push(...userSources(join(profiles, id)));
    }
    out.push(
      ...inWorkspaces(ctx, (dir) => [
        mapSource(join(dir, '.vscode', 'mcp.json'), ['servers'], { scope: 'workspace', workspace: dir }),
        mapSource(join(dir, '.vscode', 'settings.json'), ['mcp', 'servers'], {
          scope: 'workspace',
          workspace: dir,
        }),
      ]),
    );
    return out;
  },
  async workspaces(ctx: ScanContext) {
    const all = await Promise.all(BUILDS.map((b) => vscodeWorkspaces(ctx, vscodeUserDir(ctx, b))));
    return all.flat();
  },
};

function userSources(dir: string): Source[] {
  return [
    mapSource(join(dir, 'mcp.json'), ['servers'], { scope: 'user' }),
    mapSource(join(dir, 'settings.json'), ['mcp', 'servers'], { scope: 'user' }),
  ];
}
