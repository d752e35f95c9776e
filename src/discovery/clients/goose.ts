import { join } from 'node:path';
import { at, isObject, serversOfMap } from '../servers.js';
import type { ClientReader } from './types.js';

/** Extension types that are MCP servers; the others (`builtin`, `platform`, ...) run inside Goose. */
const SERVER_TYPES = new Set(['stdio', 'sse', 'streamable_http']);

/**
 * Goose: the `extensions` map of `~/.config/goose/config.yaml` (`%APPDATA%\Block\goose\config\config.yaml`
 * on Windows): `cmd`, `args`, `envs`, `env_keys` (names kept in the keyring), `uri` for remote ones.
 */
export const goose: ClientReader = {
  id: 'goose',
  title: 'Goose',
  sources: (ctx) => [
    {
      path:
        ctx.os === 'windows'
          ? join(ctx.dirs.appData, 'Block', 'goose', 'config', 'config.yaml')
          : join(ctx.dirs.dotConfig, 'goose', 'config.yaml'),
      format: 'yaml',
      scope: 'user',
      servers(doc) {
        const all = at(doc, 'extensions');
        if (!isObject(all)) return serversOfMap(all, ['extensions'], { scope: 'user' });
        const servers = Object.fromEntries(
          Object.entries(all).filter(([, e]) => !isObject(e) || SERVER_TYPES.has(String(e.type))),
        );
        return serversOfMap(servers, ['extensions'], { scope: 'user' });
      },
    },
  ],
};
