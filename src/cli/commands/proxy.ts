import type { Command } from 'commander';
import { defaultPinsDir } from '../../gateway/home.js';
import type { UpstreamSpec } from '../../gateway/gateway.js';
import type { RemoteSpec } from '../../gateway/remote-upstream.js';
import { spawnStdio } from '../../gateway/upstream.js';
import { CliError } from '../cli-error.js';

type Options = {
  policy: string;
  name?: string;
  audit?: string;
  auditShape?: boolean;
  pins?: string;
  maxMessageBytes: string;
  listen?: string;
  apiKey?: string;
  allowOrigin: string[];
  upstream?: string;
  upstreamHeader: string[];
};

/** `127.0.0.1:8080`, `[::1]:8080`, `:8080` (loopback), or a port alone. */
function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new CliError(`--listen \`${value}\` must be HOST:PORT, e.g. 127.0.0.1:8080`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

export function register(program: Command): void {
  program
    .command('proxy')
    .description('run an MCP server behind the gateway: every message judged by the policy')
    .usage('--policy FILE [options] -- COMMAND [ARGS...]')
    .requiredOption('-p, --policy <file>', 'policy file (YAML or JSON); reloaded when it changes')
    .option('--name <name>', 'the server name rules match (default: from the command)')
    .option('--audit <file>', 'append one JSON line per decision to FILE (rotated at 64 MiB)')
    .option('--audit-shape', 'audit the shape of arguments only (types and lengths), not their values')
    .option('--pins <dir>', 'tool pin store', defaultPinsDir())
    .option('--max-message-bytes <n>', 'largest message accepted either way', String(16 * 1024 * 1024))
    .option(
      '--listen <host:port>',
      'serve Streamable HTTP at /mcp instead of stdio (one upstream per session)',
    )
    .option(
      '--api-key <key>',
      'with --listen: require this key (Authorization: Bearer or X-API-Key); or MCPSHIELD_PROXY_API_KEY',
    )
    .option(
      '--allow-origin <origin>',
      'with --listen: a browser origin allowed besides loopback (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--upstream <url>',
      'a remote server instead of a command: Streamable HTTP, or legacy SSE when the path ends in /sse',
    )
    .option(
      '--upstream-header <header>',
      "a header for the remote server, 'Name: value' (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .argument('[command...]', 'the stdio server to start, after --')
    .addHelpText(
      'after',
      `
Point an AI client's config at the gateway instead of the server:
  "command": "mcpshield",
  "args": ["proxy", "--policy", "/etc/mcpshield/policy.yaml", "--", "npx", "-y",
           "@modelcontextprotocol/server-filesystem", "/data"]
stdout carries the protocol; logs go to stderr (MCPSHIELD_LOG_LEVEL=debug|info|warn|error|silent).`,
    )
    .action(async (command: string[], opts: Options) => {
      const max = Number(opts.maxMessageBytes);
      if (!Number.isInteger(max) || max < 1024)
        throw new CliError('--max-message-bytes must be a whole number >= 1024');
      if ((opts.upstream === undefined) === (command.length === 0))
        throw new CliError('give the server either as a command after -- or as --upstream URL (not both)');
      const [cmd, ...args] = command;
      const upstream: UpstreamSpec =
        opts.upstream !== undefined
          ? remoteSpec(opts.upstream, opts.upstreamHeader)
          : { command: cmd!, args };
      if (opts.listen !== undefined) return listen(opts, upstream, max);
      // A stdio server starts first: it boots while the engine loads and the policy compiles.
      const started = 'url' in upstream ? undefined : spawnStdio(upstream, max);
      const [{ runStdioProxy }, options] = await Promise.all([
        import('../../gateway/stdio-proxy.js'),
        gatewayOptions(opts, upstream, max).catch((e: unknown) => {
          started?.channel.close();
          throw e;
        }),
      ]);
      await runStdioProxy({ ...options, started });
    });
}

/** What both shapes take from the command line: the policy, loaded with the engine, and the options. */
async function gatewayOptions(opts: Options, upstream: UpstreamSpec, max: number) {
  const [{ loadPolicy }, { serverName }] = await Promise.all([
    import('../policy-file.js'),
    import('../../gateway/gateway.js'),
  ]);
  const { ir } = loadPolicy(opts.policy, { quiet: false });
  return {
    upstream,
    ir,
    policyFile: opts.policy,
    server: opts.name ?? serverName(upstream),
    audit: opts.audit,
    auditShape: opts.auditShape,
    pinsDir: opts.pins!,
    maxMessageBytes: max,
  };
}

function remoteSpec(value: string, headers: string[]): RemoteSpec {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--upstream \`${value}\` is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError('--upstream must be an http(s) URL');
  const parsed: Record<string, string> = {};
  for (const h of headers) {
    const at = h.indexOf(':');
    if (at <= 0) throw new CliError(`--upstream-header \`${h}\` must be 'Name: value'`);
    parsed[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  return { url, kind: /\/sse\/?$/.test(url.pathname) ? 'sse' : 'streamable-http', headers: parsed };
}

async function listen(opts: Options, upstream: UpstreamSpec, max: number): Promise<void> {
  const { host, port } = parseListen(opts.listen!);
  const [{ startHttpFront }, options] = await Promise.all([
    import('../../gateway/http-front.js'),
    gatewayOptions(opts, upstream, max),
  ]);
  const front = await startHttpFront({
    ...options,
    host,
    port,
    apiKey: opts.apiKey ?? process.env.MCPSHIELD_PROXY_API_KEY,
    allowedOrigins: opts.allowOrigin,
  }).catch((e: Error) => {
    throw new CliError(`cannot listen on ${opts.listen}: ${e.message}`);
  });
  process.stdout.write(`mcpshield proxy: listening on ${front.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await front.close();
}
