import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { ROOT } from './source.js';

/** The real servers from npm, started with this Node. */
export const SERVERS = {
  everything: [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  filesystem: [join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js')],
  memory: [join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
} as const;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mcpshield-${prefix}-`));
}

export function writePolicy(dir: string, yaml: string): string {
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The gateway CLI from sources (through tsx), wrapping `server`. */
export function proxyCommand(
  policy: string,
  opts: { pins: string; audit?: string; name?: string },
  server: readonly string[],
) {
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'src/cli/main.ts'),
    'proxy',
    '--policy',
    policy,
    '--pins',
    opts.pins,
  ];
  if (opts.audit) args.push('--audit', opts.audit);
  if (opts.name) args.push('--name', opts.name);
  return { command: process.execPath, args: [...args, '--', process.execPath, ...server] };
}

export type Recorded = { method: string; params: unknown }[];

/**
 * An SDK client that answers sampling, elicitation and roots the same way every time, and records every
 * notification it gets.
 */
export async function connect(command: string, args: string[], env?: Record<string, string>) {
  const transport = new StdioClientTransport({
    command,
    args,
    stderr: 'pipe',
    env: { ...(env ?? {}), PATH: process.env.PATH ?? '', MCPSHIELD_LOG_LEVEL: 'warn' },
  });
  const client = new Client(
    { name: 'fidelity', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } },
  );
  const notifications: Recorded = [];
  client.fallbackNotificationHandler = async (n) => {
    notifications.push({ method: n.method, params: n.params });
  };
  const requests: Recorded = [];
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return {
      model: 'test-model',
      role: 'assistant',
      content: { type: 'text', text: `echo: ${JSON.stringify(req.params.messages[0]?.content)}` },
    };
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return { action: 'accept', content: { name: 'Ada', color: 'blue', email: 'ada@example.com' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return { roots: [{ uri: 'file:///tmp/project', name: 'project' }] };
  });
  const stderr: string[] = [];
  transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  await client.connect(transport);
  return { client, transport, notifications, requests, stderr };
}
