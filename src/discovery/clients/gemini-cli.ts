import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import { at, isObject, type Origin } from '../servers.js';
import { filesIn, mapSource } from './common.js';
import type { ClientReader, Source } from './types.js';

/** Gemini's `url` is an SSE endpoint (`httpUrl` is Streamable HTTP), whatever the path looks like. */
function geminiSource(path: string, origin: Origin): Source {
  const source = mapSource(path, ['mcpServers'], origin);
  return {
    ...source,
    servers(doc) {
      const entries = at(doc, 'mcpServers');
      return source.servers(doc).map((s) => {
        const e = isObject(entries) ? entries[s.name] : undefined;
        const sse = s.url !== null && at(e, 'httpUrl') === undefined && at(e, 'type') === undefined;
        return sse ? { ...s, transport: 'sse' } : s;
      });
    },
  };
}

/**
 * Gemini CLI: `mcpServers` in the user's `~/.gemini/settings.json`, a project's `.gemini/settings.json`,
 * the system settings (and system defaults) and every extension's `gemini-extension.json`.
 */
export const geminiCli: ClientReader = {
  id: 'gemini-cli',
  title: 'Gemini CLI',
  async sources(ctx) {
    const out: Source[] = [
      geminiSource(join(ctx.home, '.gemini', 'settings.json'), { scope: 'user' }),
      ...systemFiles(ctx).map((p) => geminiSource(p, { scope: 'system' })),
      ...(await extensions(ctx, join(ctx.home, '.gemini', 'extensions'))),
    ];
    for (const dir of ctx.workspaces) {
      out.push(
        geminiSource(join(dir, '.gemini', 'settings.json'), {
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
    for (const p of files) out.push(geminiSource(p, { scope: 'extension', workspace: workspace ?? null }));
  }
  return out;
}
