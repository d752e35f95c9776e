import { join } from 'node:path';
import { inWorkspaces, mapSource, vscodeUserDir } from './common.js';
import type { ClientReader } from './types.js';

/**
 * Amp: `amp.mcpServers` (one key, with a dot in it) in `~/.config/amp/settings.json` (on Windows too),
 * in a project's `.amp/settings.json`, and in VS Code's user settings for the Amp extension.
 */
export const amp: ClientReader = {
  id: 'amp',
  title: 'Amp',
  sources: (ctx) => [
    mapSource(join(ctx.dirs.dotConfig, 'amp', 'settings.json'), ['amp.mcpServers'], { scope: 'user' }),
    mapSource(join(vscodeUserDir(ctx, 'Code'), 'settings.json'), ['amp.mcpServers'], { scope: 'user' }),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.amp', 'settings.json'), ['amp.mcpServers'], { scope: 'project', workspace: dir }),
    ]),
  ],
};
