import type { Command } from 'commander';
import { defaultPinsDir } from '../../gateway/home.js';
import type { UpstreamSpec } from '../../gateway/gateway.js';
import type { RemoteSpec } from '../../gateway/remote-upstream.js';
import { SANDBOX_KINDS, sandboxAvailable, sandboxCommand, type SandboxKind } from '../../gateway/sandbox.js';
import { spawnStdio, type StdioSpec } from '../../gateway/upstream.js';
import { CliError } from '../cli-error.js';
import { controlPlaneOf } from '../control-plane.js';

type Options = {
  policy?: string;
  controlPlane?: string;
  name?: string;
  audit?: string;
  auditShape?: boolean;
  pins?: string;
  maxMessageBytes: string;
  listen?: string;
  apiKey?: string;
  listenKey?: string;
  allowOrigin: string[];
  upstream?: string;
  upstreamHeader: string[];
  sandbox?: string;
  sandboxWrite: string[];
  sandboxNetwork?: boolean;
  sandboxImage?: string;
  sandboxEnv: string[];
  sandboxPrint?: boolean;
  metrics?: string;
};

const repeatable = (v: string, all: string[]) => [...all, v];

/** `127.0.0.1:8080`, `[::1]:8080`, `:8080` (loopback), or a port alone. */
function parseListen(value: string, flag = '--listen'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new CliError(`${flag} \`${value}\` must be HOST:PORT, e.g. 127.0.0.1:8080`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

export function register(program: Command): void {
  program
    .command('proxy')
    .description('run an MCP server behind the gateway: every message judged by the policy')
    .usage('(--policy FILE | --control-plane URL --api-key KEY) [options] -- COMMAND [ARGS...]')
    .option(
      '-p, --policy <file>',
      'policy file (YAML or JSON), reloaded when it changes; with --control-plane, the fallback when it cannot be reached and has nothing cached',
    )
    .option(
      '--control-plane <url>',
      "follow this control plane's policy for the key's project and send it the audit trail (or MCPSHIELD_CONTROL_PLANE_URL)",
    )
    .option('--name <name>', 'the server name rules match (default: from the command)')
    .option('--audit <file>', 'append one JSON line per decision to FILE (rotated at 64 MiB)')
    .option('--audit-shape', 'audit the shape of arguments only (types and lengths), not their values')
    .option('--pins <dir>', 'tool pin store', defaultPinsDir())
    .option('--max-message-bytes <n>', 'largest message accepted either way', String(16 * 1024 * 1024))
    .option(
      '--listen <host:port>',
      'serve Streamable HTTP at /mcp instead of stdio (one upstream per session)',
    )
    .option('--metrics <host:port>', 'stdio shape: serve /metrics, /healthz and /readyz here (HTTP)')
    .option(
      '--api-key <key>',
      "with --control-plane: the project's API key, mcps_... (or MCPSHIELD_API_KEY); without it and with --listen: as --listen-key",
    )
    .option(
      '--listen-key <key>',
      'with --listen: require this key (Authorization: Bearer or X-API-Key); or MCPSHIELD_PROXY_API_KEY',
    )
    .option(
      '--allow-origin <origin>',
      'with --listen: a browser origin allowed besides loopback (repeatable)',
      repeatable,
      [] as string[],
    )
    .option(
      '--upstream <url>',
      'a remote server instead of a command: Streamable HTTP, legacy SSE when the path ends in /sse, WebSocket for ws(s)://',
    )
    .option(
      '--upstream-header <header>',
      "a header for the remote server, 'Name: value' (repeatable)",
      repeatable,
      [] as string[],
    )
    .option(
      '--sandbox <kind>',
      "confine the stdio server: bwrap (bubblewrap) or docker; the policy's `sandbox` section says what it may do",
    )
    .option(
      '--sandbox-write <path>',
      'with --sandbox: a path the server may write (repeatable)',
      repeatable,
      [],
    )
    .option('--sandbox-network', "with --sandbox: allow the network (default: the policy's, else none)")
    .option(
      '--sandbox-image <image>',
      'with --sandbox docker: the image (default: by launcher, node or python)',
    )
    .option(
      '--sandbox-env <name>',
      'with --sandbox docker: pass this variable into the container (repeatable)',
      repeatable,
      [],
    )
    .option('--sandbox-print', 'print the sandboxed command and exit')
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
      let upstream: UpstreamSpec =
        opts.upstream !== undefined
          ? remoteSpec(opts.upstream, opts.upstreamHeader)
          : { command: cmd!, args };
      if (opts.sandbox !== undefined) {
        // The policy says what the sandbox allows: it is loaded before the server starts.
        upstream = await sandboxed(opts, upstream, max);
        if (opts.sandboxPrint) {
          process.stdout.write(`${shellQuote([upstream.command, ...upstream.args])}\n`);
          return;
        }
      }
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
      await runStdioProxy({
        ...options,
        started,
        metricsAt: opts.metrics === undefined ? undefined : parseListen(opts.metrics, '--metrics'),
      }).catch((e: NodeJS.ErrnoException) => {
        started?.channel.close();
        if (e.syscall === 'listen')
          throw new CliError(`cannot serve metrics on ${opts.metrics}: ${e.message}`);
        throw e;
      });
    });
}

/** What both shapes take from the command line: the policy, loaded with the engine, and the options. */
async function gatewayOptions(opts: Options, upstream: UpstreamSpec, max: number) {
  const [policy, { serverName }] = await Promise.all([
    gatewayPolicy(opts),
    import('../../gateway/gateway.js'),
  ]);
  return {
    upstream,
    ...policy,
    server: opts.name ?? serverName(upstream),
    audit: opts.audit,
    auditShape: opts.auditShape,
    pinsDir: opts.pins!,
    maxMessageBytes: max,
  };
}

const loaded = new WeakMap<Options, ReturnType<typeof loadGatewayPolicy>>();

/** The policy to start on, loaded once per run (the sandbox reads it before the gateway starts). */
function gatewayPolicy(opts: Options): ReturnType<typeof loadGatewayPolicy> {
  let policy = loaded.get(opts);
  if (!policy) loaded.set(opts, (policy = loadGatewayPolicy(opts)));
  return policy;
}

/**
 * A policy file (watched), or the control plane's live policy (followed), with its cache and then the
 * file as fallbacks when the control plane cannot be reached.
 */
async function loadGatewayPolicy(opts: Options) {
  const { loadPolicy, compilePolicy } = await import('../policy-file.js');
  const plane = controlPlaneOf(opts);
  if (!plane) {
    if (opts.policy === undefined)
      throw new CliError('give --policy FILE, or --control-plane URL with --api-key mcps_...');
    return { ir: loadPolicy(opts.policy).ir, policyFile: opts.policy };
  }
  const { startPolicy } = await import('../../gateway/policy-start.js');
  const start = await startPolicy(plane, {
    fallbackFile: opts.policy,
    warn: (line) => process.stderr.write(`mcpshield proxy: ${line}\n`),
  }).catch((e: Error) => {
    throw new CliError(e.message);
  });
  if (start.from === 'file') return { ir: loadPolicy(start.file).ir, controlPlane: { plane, version: null } };
  return {
    ir: compilePolicy(start.yaml, start.origin).ir,
    controlPlane: { plane, version: start.version },
  };
}

async function sandboxed(opts: Options, upstream: UpstreamSpec, max: number): Promise<StdioSpec> {
  const kind = opts.sandbox as SandboxKind;
  if (!SANDBOX_KINDS.includes(kind))
    throw new CliError(`--sandbox \`${opts.sandbox}\` is not one of ${SANDBOX_KINDS.join(', ')}`);
  if ('url' in upstream) throw new CliError('--sandbox confines a stdio server: give a command after --');
  const { ir } = await gatewayOptions(opts, upstream, max);
  const policy = ir.policy.sandbox;
  let spec: StdioSpec;
  try {
    spec = sandboxCommand(kind, upstream, {
      ...policy,
      network: opts.sandboxNetwork === true || policy.network,
      writable: [...policy.writable, ...opts.sandboxWrite],
      image: opts.sandboxImage,
      passEnv: opts.sandboxEnv,
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (opts.sandboxPrint) return spec;
  if (!sandboxAvailable(kind))
    throw new CliError(
      kind === 'bwrap'
        ? 'bubblewrap (`bwrap`) is not installed here: install it (Debian and Ubuntu: apt install bubblewrap)'
        : `no Docker engine answers here; where one does, the server runs as:\n  ${shellQuote([spec.command, ...spec.args])}`,
    );
  return spec;
}

/** A command line as a POSIX shell reads it back. */
function shellQuote(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(' ');
}

function remoteSpec(value: string, headers: string[]): RemoteSpec {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--upstream \`${value}\` is not a URL`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
    throw new CliError('--upstream must be an http(s) or ws(s) URL');
  const parsed: Record<string, string> = {};
  for (const h of headers) {
    const at = h.indexOf(':');
    if (at <= 0) throw new CliError(`--upstream-header \`${h}\` must be 'Name: value'`);
    parsed[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  const kind = url.protocol.startsWith('ws')
    ? 'websocket'
    : /\/sse\/?$/.test(url.pathname)
      ? 'sse'
      : 'streamable-http';
  return { url, kind, headers: parsed };
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
    // With a control plane, --api-key is its key: the front's is --listen-key.
    apiKey:
      opts.listenKey ??
      (options.controlPlane ? undefined : opts.apiKey) ??
      process.env.MCPSHIELD_PROXY_API_KEY,
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
