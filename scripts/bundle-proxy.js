// Bundles `mcpshield proxy` (src/cli/proxy-main.ts) into dist/cli/proxy-main.js, replacing what tsc wrote
// there, and a few chunks (dist/cli/proxy-chunks/) for what it imports lazily. An AI client starts one
// wrapper per server and waits for its answer to `initialize`: resolving, reading and compiling ~300 small
// modules was most of that wait (the bundle needs ~40% less CPU to answer). Packages used only by some
// shapes (Redis limits, Prometheus metrics, remote upstreams, the HTTP front's SDK parts) stay outside and
// load from node_modules when asked.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

rmSync(`${ROOT}dist/cli/proxy-chunks`, { recursive: true, force: true });
await build({
  entryPoints: [`${ROOT}src/cli/proxy-main.ts`],
  outdir: `${ROOT}dist/cli`,
  chunkNames: 'proxy-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['ioredis', 'prom-client', 'ws', '@modelcontextprotocol/sdk', 'eventsource'],
  // Bundled CommonJS packages (pino, commander) call `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __mcpshieldRequire } from 'node:module'; const require = __mcpshieldRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
