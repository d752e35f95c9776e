import { join } from 'node:path';
import { mapSource, vscodeUserDir, vscodeWorkspaces } from './common.js';
import type { ClientReader } from './types.js';

/** Windsurf (Codeium): `~/.codeium/windsurf/mcp_config.json`, and the Windsurf Next build's own file. */
export const windsurf: ClientReader = {
  id: 'windsurf',
  title: 'Windsurf',
  sources: (ctx) =>
    ['windsurf', 'windsurf-next'].map((dir) =>
      mapSource(join(ctx.home, '.codeium', dir, 'mcp_config.json'), ['mcpServers'], { scope: 'user' }),
    ),
  workspaces: (ctx) => vscodeWorkspaces(ctx, vscodeUserDir(ctx, 'Windsurf')),
};
