import { join } from 'node:path';
import { inWorkspaces, mapSource } from './common.js';
import type { ClientReader } from './types.js';

/**
 * Zed: `context_servers` in its settings (`~/.config/zed/settings.json` on Linux and macOS,
 * `%APPDATA%\Zed\settings.json` on Windows) and in a project's `.zed/settings.json`.
 */
export const zed: ClientReader = {
  id: 'zed',
  title: 'Zed',
  sources: (ctx) => [
    mapSource(
      ctx.os === 'windows'
        ? join(ctx.dirs.appData, 'Zed', 'settings.json')
        : join(ctx.dirs.dotConfig, 'zed', 'settings.json'),
      ['context_servers'],
      { scope: 'user' },
    ),
    ...inWorkspaces(ctx, (dir) => [
      mapSource(join(dir, '.zed', 'settings.json'), ['context_servers'], {
        scope: 'project',
        workspace: dir,
      }),
    ]),
  ],
};
