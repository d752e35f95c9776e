import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import {
  at,
  ConfigShapeError,
  isObject,
  normalizeServer,
  serversOfList,
  serversOfMap,
  type Origin,
} from '../servers.js';
import type { ConfigFormat, RawServer } from '../types.js';
import { filesIn } from './common.js';
import type { ClientReader, Source } from './types.js';

/**
 * Continue: `~/.continue/config.yaml` (a `mcpServers` list), block files in `~/.continue/mcpServers/`
 * and a project's `.continue/mcpServers/` (YAML blocks, or JSON in Claude Desktop's shape), and the legacy
 * `config.json` (`experimental.modelContextProtocolServers`, each with a `transport`).
 */
export const continueDev: ClientReader = {
  id: 'continue',
  title: 'Continue',
  async sources(ctx) {
    const home = join(ctx.home, '.continue');
    const out: Source[] = [
      {
        path: join(home, 'config.yaml'),
        format: 'yaml',
        scope: 'user',
        servers: (d) => blockServers(d, { scope: 'user' }),
      },
      { path: join(home, 'config.json'), format: 'json', scope: 'user', servers: legacyServers },
      ...(await blockFiles(ctx, join(home, 'mcpServers'), { scope: 'user' })),
    ];
    for (const dir of ctx.workspaces)
      out.push(
        ...(await blockFiles(ctx, join(dir, '.continue', 'mcpServers'), {
          scope: 'project',
          workspace: dir,
        })),
      );
    return out;
  },
};

async function blockFiles(ctx: ScanContext, dir: string, origin: Origin): Promise<Source[]> {
  const files = await filesIn(ctx, dir, (n) => /\.(?:ya?ml|json)$/.test(n));
  return files.map((path) => {
    const format: ConfigFormat = path.endsWith('.json') ? 'json' : 'yaml';
    return {
      path,
      format,
      scope: origin.scope,
      ...(origin.workspace ? { workspace: origin.workspace } : {}),
      servers: (d: unknown) => blockServers(d, origin),
    };
  });
}

/** `mcpServers` as Continue's list, or as Claude Desktop's map (Continue accepts both in block files). */
function blockServers(doc: unknown, origin: Origin): RawServer[] {
  const servers = at(doc, 'mcpServers');
  return isObject(servers)
    ? serversOfMap(servers, ['mcpServers'], origin)
    : serversOfList(servers, ['mcpServers'], origin);
}

function legacyServers(doc: unknown): RawServer[] {
  const list = at(doc, 'experimental', 'modelContextProtocolServers');
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new ConfigShapeError('`experimental.modelContextProtocolServers` is not a list');
  return list.map((entry: unknown, i) => {
    const transport = at(entry, 'transport');
    if (!isObject(transport))
      throw new ConfigShapeError(
        `\`experimental.modelContextProtocolServers[${i}].transport\` is not an object`,
      );
    const name = at(entry, 'name');
    return normalizeServer(typeof name === 'string' ? name : `#${i}`, transport, { scope: 'user' }, [
      'experimental',
      'modelContextProtocolServers',
      i,
      'transport',
    ]);
  });
}
