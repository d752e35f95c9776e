import { join } from 'node:path';
import { inWorkspaces, mapSource } from './common.js';
import type { ClientReader } from './types.js';

/** OpenAI Codex CLI: `[mcp_servers.<name>]` tables in `~/.codex/config.toml` and a project's `.codex/config.toml`. */
export const codex: ClientReader = {
  id: 'codex',
  title: 'Codex',
  sources: (ctx) => [
    mapSource(join(ctx.home, '.codex', 'config.toml'), ['mcp_servers'], { scope: 'user' }, 'toml'),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(
        join(dir, '.codex', 'config.toml'),
        ['mcp_servers'],
        { scope: 'project', workspace: dir },
        'toml',
      ),
    ]),
  ],
};
