import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hostIdentity } from '../../src/discovery/agent/host.js';
import { HEARTBEAT_MS, reporter } from '../../src/discovery/agent/report.js';
import { discover } from '../../src/discovery/discover.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import { signUp } from '../server/support/api.js';
import { agentKey } from '../server/support/inventory.js';
import { startWebhookReceiver } from '../server/support/webhook-receiver.js';
import { ROOT } from '../support/source.js';
import { copyFixture } from './fixture-home.js';

const spooled = (dir: string) => {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json')).length;
  } catch {
    return 0;
  }
};

describe('mcpshield agent: reporting to the control plane', () => {
  const copy = copyFixture('linux');
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpshield-agent-up-'));
  const machineId = join(copy.dir, 'machine-id');
  writeFileSync(machineId, 'f00dfeed0123456789abcdef01234567\n');
  const scan = () => discover({ os: 'linux', home: copy.home, root: copy.root });
  const up = (port = 0) => startServer({ host: '127.0.0.1', port, dataDir, env: {} });
  let server: RunningServer | undefined;
  afterAll(() => server?.close());

  it('sends every report, spooling while the control plane is down, and loses none', async () => {
    server = await up();
    const ada = await signUp(server.url);
    const key = await agentKey(ada);
    const host = await hostIdentity({ hostname: 'fixture-host', os: 'linux', machineIdFiles: [machineId] });
    expect(host.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(host.fingerprint).not.toBe(
      (await hostIdentity({ hostname: 'fixture-host', machineIdFiles: [] })).fingerprint,
    );
    const spoolDir = join(copy.dir, 'spool', 'agent');
    const log: string[] = [];
    const agent = reporter({
      controlPlane: server.url,
      apiKey: key,
      spoolDir,
      host,
      agentVersion: '0.1.0-test',
      log: (l) => log.push(l),
    });

    const first = await scan();
    expect(await agent.pass(first)).toEqual({ sent: 1, waiting: 0, refused: 0 });
    const serversBefore = (await ada.call('GET', '/api/mcp/servers')).body.items.length;
    expect(serversBefore).toBe(first.servers.length);

    // The control plane goes away; a config changes; an hour passes with no change.
    const port = server.port;
    await server.close();
    server = undefined;
    writeFileSync(
      join(copy.home, '.cursor', 'mcp.json'),
      '{"mcpServers": {"added-while-down": {"command": "node", "args": ["new.js"]}}}',
    );
    expect(await agent.pass(await scan())).toEqual({ sent: 0, waiting: 1, refused: 0 });
    expect(await agent.pass(null, Date.now() + HEARTBEAT_MS)).toEqual({ sent: 0, waiting: 2, refused: 0 });
    expect(spooled(spoolDir)).toBe(2);

    // Back on the same data directory: the spool is replayed, oldest first.
    server = await up(port);
    expect(await agent.pass(null)).toEqual({ sent: 2, waiting: 0, refused: 0 });
    expect(spooled(spoolDir)).toBe(0);
    expect(await agent.pass(null)).toEqual({ sent: 0, waiting: 0, refused: 0 });
    const names = (await ada.call('GET', '/api/mcp/servers?q=added-while-down')).body.items;
    expect(names.map((s: { agent_hostname: string }) => s.agent_hostname)).toEqual(['fixture-host']);
    expect(log).toEqual([]);

    // The CLI's own pass, with the key from the environment (run asynchronously: the server is in this process).
    const home = mkdtempSync(join(tmpdir(), 'mcpshield-home-'));
    const cli = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'agent',
        '--once',
        '--os',
        'linux',
        '--home',
        copy.home,
        '--root',
        copy.root,
        '--control-plane',
        server.url,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MCPSHIELD_API_KEY: key, MCPSHIELD_HOME: home } },
    );
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toMatch(/1 report\(s\) sent/);
    expect(spooled(join(home, 'spool', 'agent'))).toBe(0);
    // this machine, named by its own hostname and the CLI's version, seen last
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const agents = (await ada.call('GET', '/api/agents')).body.items;
    expect(
      agents.map((a: { hostname: string; agent_version: string }) => [a.hostname, a.agent_version]),
    ).toEqual([
      [hostname(), version],
      ['fixture-host', '0.1.0-test'],
    ]);

    await server.close();
    server = undefined;
    const store = await openStore({ dataDir: join(dataDir, 'db') });
    try {
      // the first pass, the changed inventory, the heartbeat, and the CLI's pass
      expect(await store.forOrg(ada.orgId).inventory.reportCount()).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('keeps reports on 5xx and 429, and drops a report refused for good after saying why', async () => {
    const host = await hostIdentity({ hostname: 'h', os: 'linux', machineIdFiles: [] });
    const inventory = await scan();
    const busy = await startWebhookReceiver([503, 429]);
    try {
      const spoolDir = mkdtempSync(join(tmpdir(), 'mcpshield-spool-'));
      const agent = reporter({ controlPlane: busy.url, apiKey: 'mcps_x', spoolDir, host, agentVersion: '1' });
      expect(await agent.pass(inventory)).toEqual({ sent: 0, waiting: 1, refused: 0 });
      expect(await agent.pass(null)).toEqual({ sent: 0, waiting: 1, refused: 0 });
      expect(await agent.pass(null)).toEqual({ sent: 1, waiting: 0, refused: 0 });
      // the same report each time, with the key
      expect(new Set(busy.deliveries.map((d) => JSON.parse(d.body).report_id)).size).toBe(1);
      expect(busy.deliveries[0]!.headers['x-api-key']).toBe('mcps_x');
    } finally {
      await busy.close();
    }

    server = await up();
    const log: string[] = [];
    const spoolDir = mkdtempSync(join(tmpdir(), 'mcpshield-spool-'));
    const revoked = reporter({
      controlPlane: server.url,
      apiKey: 'mcps_not-a-key-of-this-control-plane',
      spoolDir,
      host,
      agentVersion: '1',
      log: (l) => log.push(l),
    });
    expect(await revoked.pass(inventory)).toEqual({ sent: 0, waiting: 0, refused: 1 });
    expect(log.join('')).toMatch(/refused a report \(401\): a valid API key is required/);
    expect(spooled(spoolDir)).toBe(0);
  });
});
