import { join } from 'node:path';
import { inWorkspaces, mapSource } from './common.js';
import { extensionStorageFiles } from './extension-hosts.js';
import type { ClientReader } from './types.js';

/** Roo Code, a VS Code extension: global settings in extension storage, `.roo/mcp.json` per project. */
export const rooCode: ClientReader = {
  id: 'roo-code',
  title: 'Roo Code',
  sources: (ctx) => [
    ...extensionStorageFiles(ctx, 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json').map((p) =>
      mapSource(p, ['mcpServers'], { scope: 'user' }),
    ),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.roo', 'mcp.json'), ['mcpServers'], { scope: 'project', workspace: dir }),
    ]),
  ],
};
