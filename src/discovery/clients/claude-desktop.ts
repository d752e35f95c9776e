import { join } from 'node:path';
import { mapSource } from './common.js';
import type { ClientReader } from './types.js';

const FILE = 'claude_desktop_config.json';

/**
 * Claude Desktop: one file in the app's settings folder. The Windows build from the Microsoft Store
 * (MSIX) is virtualised: it reads `%LOCALAPPDATA%\Packages\Claude_<publisher id>\LocalCache\Roaming\Claude`
 * and never sees `%APPDATA%\Claude`; the publisher id is matched, not hardcoded.
 */
export const claudeDesktop: ClientReader = {
  id: 'claude-desktop',
  title: 'Claude Desktop',
  async sources(ctx) {
    const paths = [join(ctx.dirs.appData, 'Claude', FILE)];
    if (ctx.os === 'windows') {
      const packages = join(ctx.dirs.localAppData, 'Packages');
      for (const pkg of await ctx.list(packages))
        if (pkg.startsWith('Claude_'))
          paths.push(join(packages, pkg, 'LocalCache', 'Roaming', 'Claude', FILE));
    }
    return paths.map((p) => mapSource(p, ['mcpServers'], { scope: 'user' }));
  },
};
