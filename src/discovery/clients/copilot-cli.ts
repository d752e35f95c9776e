import { join } from 'node:path';
import { mapSource } from './common.js';
import type { ClientReader } from './types.js';

/** GitHub Copilot CLI: `~/.copilot/mcp-config.json` (`mcpServers`, with a `tools` allow list per server). */
export const copilotCli: ClientReader = {
  id: 'copilot-cli',
  title: 'GitHub Copilot CLI',
  sources: (ctx) => [
    mapSource(join(ctx.home, '.copilot', 'mcp-config.json'), ['mcpServers'], { scope: 'user' }),
  ],
};
