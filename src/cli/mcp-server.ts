import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { classifyHost } from '../detectors/lib/url.js';
import { decide } from '../policy/decide.js';
import type { PolicyIR } from '../policy/ir.js';
import { toEvent } from '../protocol/event.js';
import { checks } from '../scanner/checks/index.js';
import type { Target } from '../scanner/collect.js';
import { findingPage } from '../scanner/reference.js';
import { reporters } from '../scanner/reporters/index.js';
import { buildReport, scan } from '../scanner/scan.js';
import { emptySnapshot, type Tool } from '../scanner/snapshot.js';
import { contractShape } from '../policy/contract.js';

export type McpServerOptions = {
  ir: PolicyIR;
  /** Let `scan_server` start local commands (off by default: a model could be talked into any command). */
  allowCommands: boolean;
  timeoutMs: number;
  version: string;
};

const TARGETS = {
  url: z.string().url().max(2048).optional(),
  headers: z.record(z.string(), z.string().max(4096)).optional(),
  tools: z.array(z.record(z.string(), z.unknown())).max(1000).optional(),
};
const COMMAND_TARGET = {
  command: z.string().max(1024).optional(),
  args: z.array(z.string().max(4096)).max(100).optional(),
};

const json = (value: unknown, text?: string) => ({
  content: [{ type: 'text' as const, text: text ?? JSON.stringify(value, null, 2) }],
  structuredContent: value as Record<string, unknown>,
});
const fail = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });

/**
 * MCPShield's own tools for an AI client: scan a server, inspect a call with the policy engine, explain
 * a finding, list the catalog. Every answer is data the scanner or the engine produced; nothing here runs
 * a command unless `allowCommands` was given on the command line.
 */
export function createMcpShieldServer(opts: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'mcpshield', version: opts.version },
    {
      instructions: 'Security tools for MCP: scan_server audits a server; inspect_call judges one tool call.',
    },
  );

  server.registerTool(
    'scan_server',
    {
      title: 'Scan an MCP server',
      description:
        'Audits one MCP server against the MCP specification and the OWASP MCP Top 10 and returns the report ' +
        '(findings with remediation, score, grade). Give exactly one of: `url` (Streamable HTTP or SSE), ' +
        '`tools` (a tools/list result to audit offline), or, when MCPShield was started with ' +
        '--allow-commands, `command` with `args` (a stdio server).',
      // The command parameters exist only when commands are allowed: otherwise there is no such surface.
      inputSchema: opts.allowCommands ? { ...TARGETS, ...COMMAND_TARGET } : TARGETS,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (input: {
      url?: string;
      headers?: Record<string, string>;
      tools?: Record<string, unknown>[];
      command?: string;
      args?: string[];
    }) => {
      const { url, headers, tools, command, args } = input;
      const given = [url, tools, command].filter((x) => x !== undefined).length;
      if (given !== 1) {
        return fail(
          opts.allowCommands
            ? 'give exactly one of `url`, `tools` or `command`'
            : 'give exactly one of `url` or `tools` (scanning a `command` needs `mcpshield mcp --allow-commands`)',
        );
      }
      if (tools) {
        const valid = tools.filter((t): t is Tool => typeof t.name === 'string');
        const report = buildReport(
          { ...emptySnapshot('tools', 'tools-json'), tools: valid },
          { error: null, startedAt: new Date(), durationMs: 0 },
        );
        return json(report, reporters.markdown.render([report]));
      }
      let target: Target;
      if (url) {
        if (!/^https?:\/\//i.test(url)) return fail('`url` must be http:// or https://');
        const kind = classifyHost(new URL(url).hostname)?.kind;
        if (kind === 'cloud-metadata' || kind === 'link-local')
          return fail(`refusing to probe a ${kind} address`);
        target = { kind: 'url', url, headers: lower(headers ?? {}) };
      } else {
        if (!opts.allowCommands)
          return fail('scanning commands is off: start `mcpshield mcp --allow-commands`');
        target = { kind: 'stdio', command: command!, args: args ?? [], env: {} };
      }
      const { report } = await scan(target, { timeoutMs: opts.timeoutMs });
      return json(report, reporters.markdown.render([report]));
    },
  );

  server.registerTool(
    'inspect_call',
    {
      title: 'Inspect a tool call',
      description:
        'Judges one MCP tool call (and optionally its result) with the policy engine and every detector, as ' +
        'the MCPShield gateway would: allow or deny, the rules and detectors that decided, and the findings.',
      inputSchema: {
        server: z.string().max(200).default('server'),
        tool: z.string().min(1).max(200),
        arguments: z.record(z.string(), z.unknown()).default({}),
        result: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('the tool result, to judge the response too'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ server: name, tool, arguments: args, result }) => {
      const ev = toEvent({
        server: name,
        method: 'tools/call',
        params: { name: tool, arguments: args },
        ...(result === undefined ? {} : { result }),
      });
      if (typeof ev === 'string') return fail(`invalid call: ${ev}`);
      return json(contractShape(decide(opts.ir, ev)));
    },
  );

  server.registerTool(
    'explain_finding',
    {
      title: 'Explain a scanner finding',
      description:
        'What a scanner finding id (for example `TOOL-001`) means, why it matters and how to fix it.',
      inputSchema: { id: z.string().max(20) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const check = checks[id.toUpperCase()];
      if (!check) return fail(`no finding \`${id}\`; list_findings gives the catalog`);
      return json(check.meta, findingPage(check));
    },
  );

  server.registerTool(
    'list_findings',
    {
      title: 'List the scanner findings',
      description:
        'Every finding id the scanner reports, with its title, family, severity and OWASP MCP category.',
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      const findings = Object.values(checks).map(({ meta: m }) => ({
        id: m.id,
        title: m.title,
        family: m.family,
        severity: m.severity,
        owasp: m.owasp,
      }));
      return json({ findings });
    },
  );

  return server;
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
