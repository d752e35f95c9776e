import { mapSource } from './common.js';
import { extensionStorageFiles } from './extension-hosts.js';
import type { ClientReader } from './types.js';

/** Cline, a VS Code extension: its settings live in each editor's extension storage. */
export const cline: ClientReader = {
  id: 'cline',
  title: 'Cline',
  sources: (ctx) =>
    extensionStorageFiles(ctx, 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json').map((p) =>
      mapSource(p, ['mcpServers'], { scope: 'user' }),
    ),
};
