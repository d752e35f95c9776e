/**
 * The entry of `mcpshield proxy` (the first argument is `proxy`, so no `--version` is asked of it). The
 * build bundles it with everything it loads (`scripts/bundle-proxy.js`): resolving and reading some 300
 * modules was most of the wrapper's start-up.
 */
import * as proxy from './commands/proxy.js';
import { runCli } from './run.js';

await runCli([proxy]);
