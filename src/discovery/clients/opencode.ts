import { join } from 'node:path';
import { inWorkspaces, mapSource } from './common.js';
import type { ClientReader } from './types.js';

const NAMES = ['opencode.json', 'opencode.jsonc'];

/**
 * OpenCode: the `mcp` map of `~/.config/opencode/opencode.json[c]` and of a project's `opencode.json[c]`;
 * local servers give `command` as one list (program and arguments) and `environment`.
 */
export const opencode: ClientReader = {
  id: 'opencode',
  title: 'OpenCode',
  sources: (ctx) => [
    ...NAMES.map((n) => mapSource(join(ctx.dirs.dotConfig, 'opencode', n), ['mcp'], { scope: 'user' })),
    ...inWorkspaces(ctx, (dir) =>
      NAMES.map((n) => mapSource(join(dir, n), ['mcp'], { scope: 'project', workspace: dir })),
    ),
  ],
};
