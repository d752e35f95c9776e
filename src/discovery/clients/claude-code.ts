import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import { at, isObject, serversOfMap } from '../servers.js';
import { inWorkspaces, mapSource, quietDoc } from './common.js';
import type { ClientReader, Source } from './types.js';

/**
 * Claude Code keeps user-scope servers in `~/.claude.json` (`mcpServers`) and per-project "local" servers
 * in the same file (`projects[folder].mcpServers`); the team's project servers are in `.mcp.json` at
 * each project's root; administrators deploy `managed-mcp.json`; installed plugins bring their own
 * `.mcp.json` (listed in `~/.claude/plugins/installed_plugins.json`).
 */
export const claudeCode: ClientReader = {
  id: 'claude-code',
  title: 'Claude Code',
  async sources(ctx) {
    const plugins = join(ctx.home, '.claude', 'plugins', 'installed_plugins.json');
    return [
      userFile(ctx),
      ...managed(ctx).map((p) => mapSource(p, ['mcpServers'], { scope: 'managed' })),
      { path: plugins, format: 'json', scope: 'plugin', servers: () => [] },
      ...(await pluginSources(ctx, plugins)),
      ...inWorkspaces(ctx, (dir) => [
        mapSource(join(dir, '.mcp.json'), ['mcpServers'], { scope: 'project', workspace: dir }),
      ]),
    ];
  },
  async workspaces(ctx) {
    const projects = at(await quietDoc(ctx, join(ctx.home, '.claude.json')), 'projects');
    return isObject(projects) ? Object.keys(projects) : [];
  },
};

function userFile(ctx: ScanContext): Source {
  return {
    path: join(ctx.home, '.claude.json'),
    format: 'json',
    scope: 'user',
    servers(doc) {
      const user = serversOfMap(at(doc, 'mcpServers'), ['mcpServers'], { scope: 'user' });
      const projects = at(doc, 'projects');
      if (!isObject(projects)) return user;
      const local = Object.entries(projects).flatMap(([folder, project]) =>
        serversOfMap(at(project, 'mcpServers'), ['projects', folder, 'mcpServers'], {
          scope: 'local',
          workspace: folder,
        }),
      );
      return [...user, ...local];
    },
  };
}

function managed(ctx: ScanContext): string[] {
  const file = 'managed-mcp.json';
  if (ctx.os === 'windows')
    return [
      join(ctx.dirs.programData, 'ClaudeCode', file),
      join(ctx.root, 'Program Files', 'ClaudeCode', file),
    ];
  if (ctx.os === 'macos') return [join(ctx.dirs.programData, 'ClaudeCode', file)];
  return [join(ctx.dirs.programData, 'claude-code', file)];
}

/** Each installed plugin's `.mcp.json`, and the `mcpServers` of its manifest when given inline. */
async function pluginSources(ctx: ScanContext, listFile: string): Promise<Source[]> {
  const installed = at(await quietDoc(ctx, listFile), 'plugins');
  if (!isObject(installed)) return [];
  const dirs = new Set<string>();
  for (const entry of Object.values(installed))
    for (const install of Array.isArray(entry) ? entry : [entry]) {
      const dir = at(install, 'installPath');
      if (typeof dir === 'string') dirs.add(dir);
    }
  return [...dirs].flatMap((dir) => [
    mapSource(join(dir, '.mcp.json'), ['mcpServers'], { scope: 'plugin' }),
    {
      ...mapSource(join(dir, '.claude-plugin', 'plugin.json'), ['mcpServers'], { scope: 'plugin' }),
      // A manifest may instead name a file of servers (`"mcpServers": "./mcp.json"`).
      servers: (doc: unknown) =>
        typeof at(doc, 'mcpServers') === 'string'
          ? []
          : serversOfMap(at(doc, 'mcpServers'), ['mcpServers'], { scope: 'plugin' }),
    },
  ]);
}
