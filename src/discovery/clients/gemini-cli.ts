import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import { filesIn, mapSource } from './common.js';
import type { ClientReader, Source } from './types.js';

/**
 * Gemini CLI: `mcpServers` in the user's `~/.gemini/settings.json`, a project's `.gemini/settings.json`,
 * the system settings (and system defaults) and every extension's `gemini-extension.json`.
 */
export const geminiCli: ClientReader = {
  id: 'gemini-cli',
  title: 'Gemini CLI',
  async sources(ctx) {
    const out: Source[] = [
      mapSource(join(ctx.home, '.gemini', 'settings.json'), ['mcpServers'], { scope: 'user' }),
      ...systemFiles(ctx).map((p) => mapSource(p, ['mcpServers'], { scope: 'system' })),
      ...(await extensions(ctx, join(ctx.home, '.gemini', 'extensions'))),
    ];
    for (const dir of ctx.workspaces) {
      out.push(
        mapSource(join(dir, '.gemini', 'settings.json'), ['mcpServers'], {
          scope: 'project',
          workspace: dir,
        }),
      );
      out.push(...(await extensions(ctx, join(dir, '.gemini', 'extensions'), dir)));
    }
    return out;
  },
};

function systemFiles(ctx: ScanContext): string[] {
  const dir =
    ctx.os === 'windows'
      ? join(ctx.dirs.programData, 'gemini-cli')
      : ctx.os === 'macos'
        ? join(ctx.dirs.programData, 'GeminiCli')
        : join(ctx.dirs.programData, 'gemini-cli');
  return [join(dir, 'settings.json'), join(dir, 'system-defaults.json')];
}

async function extensions(ctx: ScanContext, dir: string, workspace?: string): Promise<Source[]> {
  const out: Source[] = [];
  for (const name of await ctx.list(dir)) {
    const files = await filesIn(ctx, join(dir, name), (n) => n === 'gemini-extension.json');
    for (const p of files)
      out.push(mapSource(p, ['mcpServers'], { scope: 'extension', workspace: workspace ?? null }));
  }
  return out;
}
