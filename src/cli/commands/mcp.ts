import { createServer, type IncomingMessage } from 'node:http';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Command } from 'commander';
import { compile } from '../../policy/compile.js';
import { CliError } from '../cli-error.js';
import { createMcpShieldServer, type McpServerOptions } from '../mcp-server.js';
import { loadPolicy } from '../policy-file.js';
import { VERSION } from '../../version.js';

type Options = {
  policy?: string;
  listen?: string;
  apiKey?: string;
  allowCommands?: boolean;
  timeout: string;
};

/** The engine's defaults: every detector at its default action, everything else allowed. */
const DEFAULT_POLICY = 'version: 1\nname: mcpshield-mcp-default\ndefault: allow\n';

export function register(program: Command): void {
  program
    .command('mcp')
    .description(
      "serve MCPShield's own tools (scan a server, inspect a call, explain a finding) to AI clients",
    )
    .option(
      '--policy <file>',
      'the policy inspect_call judges with (default: detectors at their defaults, allow)',
    )
    .option(
      '--listen <host:port>',
      'serve Streamable HTTP on this address instead of stdio (loopback unless --api-key)',
    )
    .option(
      '--api-key <key>',
      'with --listen: require `Authorization: Bearer KEY` (or MCPSHIELD_MCP_API_KEY)',
    )
    .option('--allow-commands', 'let scan_server start local commands (stdio servers)')
    .option('--timeout <ms>', 'scan start-up and request timeout in milliseconds', '30000')
    .action(async (opts: Options) => {
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
        throw new CliError('--timeout must be a positive number of milliseconds');
      const server: McpServerOptions = {
        ir: opts.policy ? loadPolicy(opts.policy, { quiet: true }).ir : compile(DEFAULT_POLICY).ir,
        allowCommands: Boolean(opts.allowCommands),
        timeoutMs,
        version: VERSION,
      };
      if (!opts.listen) {
        await createMcpShieldServer(server).connect(new StdioServerTransport());
        return;
      }
      await serveHttp(opts.listen, opts.apiKey ?? process.env.MCPSHIELD_MCP_API_KEY, server);
    });
}

function parseListen(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  const host = at > 0 ? value.slice(0, at).replace(/^\[|\]$/g, '') : '127.0.0.1';
  const port = Number(at >= 0 ? value.slice(at + 1) : value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--listen \`${value}\` must be HOST:PORT`);
  return { host, port };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Streamable HTTP, stateless (a fresh server per request: the tools keep no state). Requests must name this
 * server in `Host`, carry no foreign `Origin` (DNS rebinding), and the key when one is set.
 */
async function serveHttp(listen: string, apiKey: string | undefined, opts: McpServerOptions): Promise<void> {
  const { host, port } = parseListen(listen);
  if (!LOOPBACK.has(host) && !apiKey)
    throw new CliError('--listen on a non-loopback address needs --api-key');
  const http = createServer(async (req, res) => {
    const actual = (http.address() as { port: number }).port;
    const hosts = new Set([
      `${host}:${actual}`,
      `127.0.0.1:${actual}`,
      `localhost:${actual}`,
      `[::1]:${actual}`,
    ]);
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return void res.writeHead(404).end();
    if (!hosts.has(req.headers.host ?? '') || !sameOrigin(req, hosts)) return void res.writeHead(403).end();
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer realm="mcpshield"' }).end();
    }
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = createMcpShieldServer(opts);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actual = (http.address() as { port: number }).port;
  process.stdout.write(
    `mcpshield mcp listening on http://${host.includes(':') ? `[${host}]` : host}:${actual}/mcp\n`,
  );
}

function sameOrigin(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return hosts.has(new URL(origin).host);
  } catch {
    return false;
  }
}
