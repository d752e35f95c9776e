import { join } from 'node:path';
import { inWorkspaces, mapSource, vscodeUserDir, vscodeWorkspaces } from './common.js';
import type { ClientReader } from './types.js';

/** Trae (a VS Code build): `User/mcp.json` of Trae and Trae CN, and a project's `.trae/mcp.json`. */
export const trae: ClientReader = {
  id: 'trae',
  title: 'Trae',
  sources: (ctx) => [
    ...['Trae', 'Trae CN'].map((app) =>
      mapSource(join(vscodeUserDir(ctx, app), 'mcp.json'), ['mcpServers'], { scope: 'user' }),
    ),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.trae', 'mcp.json'), ['mcpServers'], { scope: 'project', workspace: dir }),
    ]),
  ],
  workspaces: (ctx) => vscodeWorkspaces(ctx, vscodeUserDir(ctx, 'Trae')),
};
