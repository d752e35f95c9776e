import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { controlPlane } from '../../src/gateway/control-plane.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import { connect, SERVERS, tempDir } from '../support/mcp.js';
import { ROOT } from '../support/source.js';
import { signUp } from './support/api.js';
import { projectWithKey } from './support/keys.js';

/**
 * The "done when": a gateway connected to the control plane (real `mcpshield proxy` in front of
 * server-memory from npm, driven by the SDK client) denies a tool within seconds of a policy saved over
 * the API, keeps enforcing that policy while the control plane (a real `startServer` on a data directory)
 * is stopped, and once it is started again on the same directory its audit trail holds one row per call.
 *
 * The last step needs `POST /api/events/ingest` (another part of the control plane): until it is served,
 * the gateway keeps the events spooled and the wait for an empty spool fails.
 */
const DENY_READ_GRAPH = [
  'version: 1',
  'default: allow',
  'rules:',
  '  - server: memory',
  '    tool: read_graph',
  '    decision: deny',
  '',
].join('\n');

async function outcome(p: Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    expect(e).toBeInstanceOf(McpError);
    expect((e as McpError).code).toBe(-32001);
    return 'denied';
  }
}

async function eventually(what: () => boolean | Promise<boolean>, label: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await what()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  expect(await what(), label).toBe(true);
}

describe('a gateway connected to the control plane', () => {
  const dataDir = tempDir('cp-data');
  const home = tempDir('gw-home');
  let server: RunningServer | undefined;
  let peer: Awaited<ReturnType<typeof connect>> | undefined;
  afterAll(async () => {
    await peer?.client.close();
    await server?.close();
  });

  it('enforces the pushed policy while the control plane is down, and ships every event after it returns', async () => {
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, env: {} });
    const { url, port } = server;
    const ada = await signUp(url);
    const gw = await projectWithKey(url, ada, 'gateways');

    peer = await connect(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'proxy',
        '--control-plane',
        url,
        '--api-key',
        gw.key,
        '--pins',
        join(home, 'pins'),
        '--name',
        'memory',
        '--audit',
        join(home, 'audit.jsonl'),
        '--',
        process.execPath,
        ...SERVERS.memory,
      ],
      { MCPSHIELD_HOME: home, MEMORY_FILE_PATH: join(home, 'memory.jsonl') },
    );
    const client = peer.client;
    let calls = 0;
    const readGraph = () => (calls++, outcome(client.callTool({ name: 'read_graph', arguments: {} })));
    const search = () => (
      calls++,
      outcome(client.callTool({ name: 'search_nodes', arguments: { query: 'x' } }))
    );

    // The starter policy allows both.
    expect(await readGraph()).toBe('allowed');
    expect(await search()).toBe('allowed');

    // Saved over the API, pushed to the gateway: denied within seconds.
    const saved = await ada.call('PUT', `/api/projects/${gw.projectId}/policy`, { yaml: DENY_READ_GRAPH });
    expect(saved.status, saved.text).toBe(200);
    await eventually(
      async () => (await readGraph()) === 'denied',
      'read_graph denied after the push',
      15_000,
    );

    // The control plane stops: the gateway keeps its policy.
    await server.close();
    server = undefined;
    for (let i = 0; i < 3; i++) expect(await readGraph()).toBe('denied');
    for (let i = 0; i < 2; i++) expect(await search()).toBe('allowed');
    const spool = join(home, 'spool', 'audit', controlPlane(url, gw.key).id);
    const spooled = () => (existsSync(spool) ? readdirSync(spool).filter((f) => f.endsWith('.jsonl')) : []);
    await eventually(() => spooled().length > 0, 'events spooled while the control plane is down', 10_000);
    // `--audit FILE` keeps its own copy of every event.
    const fileLines = () => readFileSync(join(home, 'audit.jsonl'), 'utf8').trim().split('\n').length;
    await eventually(() => fileLines() === calls, 'every call in the audit file too', 10_000);

    // Back on the same data directory and port: the spool drains into the audit trail.
    server = await startServer({ host: '127.0.0.1', port, dataDir, env: {} });
    await eventually(
      () => spooled().length === 0,
      'the spool drained into the control plane (needs POST /api/events/ingest)',
    );
    expect(peer.stderr.join('')).not.toContain('refused a batch');
    await peer.client.close();
    peer = undefined;
    await server.close();
    server = undefined;

    const store = await openStore({ dataDir: join(dataDir, 'db') });
    try {
      const org = store.forOrg(ada.orgId);
      expect(await org.audit.count()).toBe(calls);
      const denied = await org.audit.list({ decision: 'deny' }, { limit: 500 });
      expect(denied.items.length).toBeGreaterThanOrEqual(4);
      expect(denied.items.every((e) => e.toolName === 'read_graph')).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
