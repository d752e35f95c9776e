import { join } from 'node:path';
import { mapSource } from './common.js';
import type { ClientReader } from './types.js';

/** LM Studio: `~/.lmstudio/mcp.json` on every platform (older builds: `~/.cache/lm-studio/mcp.json`). */
export const lmStudio: ClientReader = {
  id: 'lm-studio',
  title: 'LM Studio',
  sources: (ctx) =>
    [join(ctx.home, '.lmstudio', 'mcp.json'), join(ctx.home, '.cache', 'lm-studio', 'mcp.json')].map((p) =>
      mapSource(p, ['mcpServers'], { scope: 'user' }),
    ),
};
