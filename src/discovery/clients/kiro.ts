import { join } from 'node:path';
import { inWorkspaces, mapSource } from './common.js';
import type { ClientReader } from './types.js';

/** Kiro: `~/.kiro/settings/mcp.json` and a project's `.kiro/settings/mcp.json` (with `autoApprove` lists). */
export const kiro: ClientReader = {
  id: 'kiro',
  title: 'Kiro',
  sources: (ctx) => [
    mapSource(join(ctx.home, '.kiro', 'settings', 'mcp.json'), ['mcpServers'], { scope: 'user' }),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.kiro', 'settings', 'mcp.json'), ['mcpServers'], {
        scope: 'project',
        workspace: dir,
      }),
    ]),
  ],
};
