import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { AuditEvent } from '../../src/gateway/audit.js';
import { connect, proxyCommand, SERVERS, tempDir, writePolicy } from '../support/mcp.js';
import { ROOT } from '../support/source.js';

/**
 * Enforcement through the real gateway (`mcpshield proxy`, stdio) with the real SDK client: against
 * server-filesystem from npm, and against `test/fixtures/servers/tricky.mjs`, a server that poisons a
 * tool, pulls a rug, leaks a credential and crashes on purpose.
 */
type Peer = Awaited<ReturnType<typeof connect>>;
const TRICKY = [join(ROOT, 'test/fixtures/servers/tricky.mjs')];

const text = (r: unknown) =>
  ((r as { content: { text: string }[] }).content ?? []).map((c) => c.text).join('');
const audit = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditEvent & { arguments?: { path?: string } });
/**
 * The audit file once it holds an event that `wanted` accepts: the sink takes an event and writes it
 * behind the answer, so a test that has its answer polls for the line.
 */
async function auditHolding(file: string, wanted: (e: ReturnType<typeof audit>[number]) => boolean) {
  const read = () => (existsSync(file) ? audit(file) : []);
  await expect.poll(() => read().some(wanted), { timeout: 10_000 }).toBe(true);
  return read();
}
async function rejection(p: Promise<unknown>): Promise<McpError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, 'expected the call to be refused').toBeInstanceOf(McpError);
  return e as McpError;
}

describe('server-filesystem behind the gateway', () => {
  let peer: Peer;
  let dir: string;
  let auditFile: string;
  beforeAll(async () => {
    dir = tempDir('fs');
    writeFileSync(join(dir, 'notes.txt'), 'hello from the project\n');
    auditFile = join(dir, 'audit.jsonl');
    const policy = writePolicy(
      dir,
      [
        'version: 1',
        'default: deny',
        'rules:',
        '  - server: filesystem',
        '    tool: write_file',
        '    decision: deny',
        '  - server: filesystem',
        "    tool: 'read_*'",
        '    decision: allow',
        '    conditions:',
        `      path_prefix: ${dir}/`,
        '  - server: filesystem',
        "    tool: 'list_*'",
        '    decision: allow',
        '',
      ].join('\n'),
    );
    const gw = proxyCommand(policy, { pins: join(dir, 'pins'), audit: auditFile, name: 'filesystem' }, [
      ...SERVERS.filesystem,
      dir,
    ]);
    peer = await connect(gw.command, gw.args);
  }, 60_000);
  afterAll(() => peer?.client.close());

  it('hides tools that rules deny whatever the arguments', async () => {
    const names = (await peer.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('read_text_file');
    expect(names).toContain('list_directory');
    expect(names).not.toContain('write_file');
  });

  it('allows a read inside the allowed prefix', async () => {
    const r = await peer.client.callTool({
      name: 'read_text_file',
      arguments: { path: join(dir, 'notes.txt') },
    });
    expect(text(r)).toBe('hello from the project\n');
  });

  it('denies a read outside it, naming the rule but not the details', async () => {
    const e = await rejection(
      peer.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/passwd' } }),
    );
    expect(e.code).toBe(-32001);
    expect(e.message).toContain('denied by policy (');
    expect(e.message).not.toContain('/etc/passwd');
  });

  it('denies a traversal out of the prefix through the detectors', async () => {
    const e = await rejection(
      peer.client.callTool({
        name: 'read_text_file',
        arguments: { path: `${dir}/%2e%2e/%2e%2e/etc/shadow` },
      }),
    );
    expect(e.message).toMatch(/denied by policy \(.*detectors\.(path_traversal|sensitive_paths)/);
  });

  it('refuses a call of a hidden tool', async () => {
    const e = await rejection(
      peer.client.callTool({ name: 'write_file', arguments: { path: join(dir, 'x'), content: 'x' } }),
    );
    expect(e.message).toBe('MCP error -32001: denied by policy (rules[0])');
  });

  it('writes every decision to the audit file, details included', async () => {
    const events = (await auditHolding(auditFile, (e) => String(e.arguments?.path).includes('%2e'))).filter(
      (e) => e.method === 'tools/call',
    );
    const denied = events.find((e) => e.decision === 'deny' && e.arguments?.path === '/etc/passwd');
    expect(denied).toMatchObject({ server: 'filesystem', tool: 'read_text_file', phase: 'request' });
    expect(denied!.rules).toEqual(['default', 'detectors.sensitive_paths']);
    const allowed = events.find((e) => e.decision === 'allow');
    expect(allowed).toMatchObject({ phase: 'response', tool: 'read_text_file', rules: ['rules[1]'] });
    expect(allowed!.latency_ms).toBeGreaterThan(0);
    const traversal = events.find((e) => String(e.arguments?.path).includes('%2e'));
    expect(traversal!.findings.length).toBeGreaterThan(0);
    const listed = audit(auditFile).find((e) => e.method === 'tools/list');
    expect(listed!.notes).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'list-filtered', tool: 'write_file' })]),
    );
  });
});

describe('a misbehaving server behind the gateway', () => {
  let peer: Peer;
  let direct: Peer;
  let dir: string;
  let pins: string;
  let auditFile: string;
  beforeAll(async () => {
    dir = tempDir('tricky');
    pins = join(dir, 'pins');
    auditFile = join(dir, 'audit.jsonl');
    const policy = writePolicy(
      dir,
      [
        'version: 1',
        'default: allow',
        'detectors:',
        '  secrets: redact',
        'rules:',
        '  - server: tricky',
        '    tool: add',
        '    decision: allow',
        '    rate_limit: 3/minute',
        '',
      ].join('\n'),
    );
    const gw = proxyCommand(policy, { pins, audit: auditFile, name: 'tricky' }, TRICKY);
    [peer, direct] = await Promise.all([
      connect(gw.command, gw.args, { RUG_AFTER: '2' }),
      connect(process.execPath, TRICKY),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([peer?.client.close(), direct?.client.close()]);
  });

  it('removes the poisoned tool from tools/list and keeps the others', async () => {
    const names = (await peer.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(['add', 'config_dump', 'crash', 'lookup']);
    const directNames = (await direct.client.listTools()).tools.map((t) => t.name);
    expect(directNames).toContain('daily_fact');
    const events = await auditHolding(auditFile, (e) => (e.notes ?? []).some((n) => n.tool === 'daily_fact'));
    const notes = events.flatMap((e) => e.notes ?? []);
    const filtered = notes.find((n) => n.kind === 'list-filtered' && n.tool === 'daily_fact');
    expect(filtered!.message).toContain('tool_poisoning');
  });

  it('redacts a credential in a result', async () => {
    const raw = text(await direct.client.callTool({ name: 'config_dump', arguments: {} }));
    expect(raw).toMatch(/AKIA[A-Z2-7]{16}/);
    const seen = text(await peer.client.callTool({ name: 'config_dump', arguments: {} }));
    expect(seen).not.toMatch(/AKIA[A-Z2-7]{16}/);
    expect(seen).toContain('[REDACTED:');
    expect(seen).toContain('region = eu-west-1');
  });

  it('enforces the rule’s rate limit', async () => {
    for (let i = 0; i < 3; i++)
      expect(text(await peer.client.callTool({ name: 'add', arguments: { a: i, b: 1 } }))).toBe(
        String(i + 1),
      );
    const e = await rejection(peer.client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }));
    expect(e.code).toBe(-32005);
    expect(e.message).toBe('MCP error -32005: rate limit of 3 per minute reached (rules[0])');
  });

  it('blocks a rug pull until the change is approved', async () => {
    const changed = new Promise<void>((resolve) => {
      const check = () =>
        peer.notifications.some((n) => n.method === 'notifications/tools/list_changed')
          ? resolve()
          : setTimeout(check, 20);
      check();
    });
    await peer.client.callTool({ name: 'lookup', arguments: { word: 'one' } });
    await peer.client.callTool({ name: 'lookup', arguments: { word: 'two' } }); // the server changes it here
    await changed;
    const listed = (await peer.client.listTools()).tools.map((t) => t.name);
    expect(listed).not.toContain('lookup');
    const e = await rejection(peer.client.callTool({ name: 'lookup', arguments: { word: 'three' } }));
    expect(e.message).toContain('changed since it was pinned');
    await auditHolding(auditFile, (ev) => ev.notes?.some((n) => n.kind === 'rug-pull') === true);

    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'pins', '--pins', pins, ...args],
        { encoding: 'utf8' },
      );
    const list = cli('list', 'tricky');
    expect(list.stdout).toContain('tricky/lookup');
    expect(list.stdout).toContain('CHANGED');
    const approve = cli('approve', 'tricky', 'lookup');
    expect(approve.stdout).toBe('approved tricky/lookup\n');
    expect(cli('approve', 'tricky', 'lookup').status).toBe(1); // nothing left to approve

    // The new description asks to send the conversation out: approved as a definition, still poisoned.
    const after = (await peer.client.listTools()).tools.map((t) => t.name);
    expect(after).not.toContain('daily_fact');
    expect(after).not.toContain('lookup');
  });

  it('reports a crashed upstream as an error, then restarts it', async () => {
    const e = await rejection(peer.client.callTool({ name: 'crash', arguments: {} }));
    expect(e.code).toBe(-32010);
    expect(e.message).toContain('exited with code 3');
    const r = await peer.client.callTool({ name: 'config_dump', arguments: {} });
    expect(text(r)).toContain('region = eu-west-1');
  });
});

describe('approval: a rule that says `approve` asks the client’s user (elicitation)', () => {
  let dir: string;
  let policy: string;
  beforeAll(() => {
    dir = tempDir('approve');
    policy = writePolicy(dir, 'version: 1\ndefault: allow\nrules:\n  - { tool: echo, decision: approve }\n');
  });

  /** A client whose user approves a call when its arguments say `yes` (or cannot be asked at all). */
  async function client(canAsk: boolean) {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const gw = proxyCommand(
      policy,
      { pins: join(dir, 'pins'), audit: join(dir, 'audit.jsonl') },
      SERVERS.everything,
    );
    const c = new Client(
      { name: 'approver', version: '1' },
      { capabilities: canAsk ? { elicitation: { form: {} } } : {} },
    );
    const asked: string[] = [];
    if (canAsk)
      c.setRequestHandler(ElicitRequestSchema, async (req) => {
        const message = String((req.params as { message: string }).message);
        asked.push(message);
        return { action: message.includes('"yes"') ? 'accept' : 'decline', content: {} };
      });
    await c.connect(
      new StdioClientTransport({
        command: gw.command,
        args: gw.args,
        env: { PATH: process.env.PATH ?? '' },
        stderr: 'pipe',
      }),
    );
    return { c, asked };
  }

  it('runs the call when the user accepts, refuses it when the user declines', async () => {
    const { c, asked } = await client(true);
    try {
      const ok = await c.callTool({ name: 'echo', arguments: { message: 'yes' } });
      expect(text(ok)).toBe('Echo: yes');
      const e = await rejection(c.callTool({ name: 'echo', arguments: { message: 'no' } }));
      expect(e.code).toBe(-32001);
      expect(e.message).toContain('declined by the user (rules[0])');
      expect(asked).toHaveLength(2);
      expect(asked[0]).toContain('Tool: echo');
      // The audit line is written behind the answer (the sink takes the event, then writes): wait for it.
      const notes = () =>
        audit(join(dir, 'audit.jsonl'))
          .flatMap((a) => a.notes ?? [])
          .map((n) => n.kind);
      await expect.poll(notes, { timeout: 10_000 }).toEqual(expect.arrayContaining(['approved', 'declined']));
    } finally {
      await c.close();
    }
  }, 60_000);

  it('refuses the call when the client cannot be asked', async () => {
    const { c } = await client(false);
    try {
      const e = await rejection(c.callTool({ name: 'echo', arguments: { message: 'yes' } }));
      expect(e.message).toContain('requires approval by policy (rules[0]); the client cannot be asked');
    } finally {
      await c.close();
    }
  }, 60_000);
});
