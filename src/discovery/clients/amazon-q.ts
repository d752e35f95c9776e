import { join } from 'node:path';
import { filesIn, mapSource } from './common.js';
import type { ClientReader, Source } from './types.js';

/**
 * Amazon Q Developer: `~/.aws/amazonq/mcp.json`, the agent files in `~/.aws/amazonq/cli-agents/` (each with
 * its own `mcpServers`), and a project's `.amazonq/mcp.json`.
 */
export const amazonQ: ClientReader = {
  id: 'amazon-q',
  title: 'Amazon Q',
  async sources(ctx) {
    const home = join(ctx.home, '.aws', 'amazonq');
    const agents = await filesIn(ctx, join(home, 'cli-agents'), (n) => n.endsWith('.json'));
    const out: Source[] = [
      mapSource(join(home, 'mcp.json'), ['mcpServers'], { scope: 'user' }),
      ...agents.map((p) => mapSource(p, ['mcpServers'], { scope: 'user' })),
    ];
    for (const dir of ctx.workspaces)
      out.push(
        mapSource(join(dir, '.amazonq', 'mcp.json'), ['mcpServers'], { scope: 'project', workspace: dir }),
      );
    return out;
  },
};
