import { join } from 'node:path';
import { inWorkspaces, mapSource, vscodeUserDir, vscodeWorkspaces } from './common.js';
import type { ClientReader } from './types.js';

/** Cursor: `~/.cursor/mcp.json` for the user, `.cursor/mcp.json` in each project. */
export const cursor: ClientReader = {
  id: 'cursor',
  title: 'Cursor',
  sources: (ctx) => [
    mapSource(join(ctx.home, '.cursor', 'mcp.json'), ['mcpServers'], { scope: 'user' }),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.cursor', 'mcp.json'), ['mcpServers'], { scope: 'project', workspace: dir }),
    ]),
  ],
  workspaces: (ctx) => vscodeWorkspaces(ctx, vscodeUserDir(ctx, 'Cursor')),
};
