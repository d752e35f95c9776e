import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/gateway/sandbox.js';
import { ROOT } from '../support/source.js';
import { connect, proxyCommand, tempDir, writePolicy } from '../support/mcp.js';

/**
 * `mcpshield proxy --sandbox bwrap`: a probe server (test/fixtures/servers/probe.mjs) run through the real
 * gateway under bubblewrap tries to write outside its declared paths, read a masked SSH key, reach a TCP
 * port on the host's loopback and keep its capabilities. `.ci/run` installs bubblewrap; where it is
 * missing (a developer machine without it), the bwrap suite is skipped and says so.
 */
const PROBE = [join(ROOT, 'test/fixtures/servers/probe.mjs')];
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const hasDockerEngine = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

type Peer = Awaited<ReturnType<typeof connect>>;
const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]!.text;

describe.runIf(hasBwrap)('sandbox: bwrap (skipped where bubblewrap is not installed)', () => {
  let dir: string;
  let home: string;
  let listener: Server;
  let port: number;
  const peers: Peer[] = [];

  /** The probe behind the gateway, sandboxed, with this policy's sandbox section. */
  async function probe(sandbox: string, extra: string[] = []): Promise<Peer> {
    const policy = writePolicy(
      tempDir('sandbox-policy'),
      // Detectors off: this tests the sandbox alone (the gateway would deny reading ~/.ssh on its own).
      `version: 1\ndefault: allow\ndetectors: { sensitive_paths: off, path_traversal: off }\nsandbox: ${sandbox}\n`,
    );
    const gw = proxyCommand(policy, { pins: join(dir, 'pins') }, PROBE);
    const at = gw.args.indexOf('--');
    gw.args.splice(at, 0, '--sandbox', 'bwrap', ...extra);
    const peer = await connect(gw.command, gw.args, { HOME: home });
    peers.push(peer);
    return peer;
  }
  const call = async (p: Peer, name: string, args: Record<string, unknown>) =>
    text(await p.client.callTool({ name, arguments: args }));

  beforeAll(async () => {
    dir = tempDir('sandbox');
    home = join(dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh/id_ed25519'), `fake-key-${Math.random().toString(36).slice(2)}\n`);
    writeFileSync(join(home, '.npmrc'), `//registry.example/:_authToken=fake-${Date.now()}\n`);
    mkdirSync(join(dir, 'data'));
    listener = createServer((s) => s.end()).listen(0, '127.0.0.1');
    await new Promise((r) => listener.once('listening', r));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.client.close()));
    listener?.close();
  });

  it('writes only the declared paths; the rest of the filesystem is read-only and /tmp is private', async () => {
    const p = await probe('{ writable: [] }', ['--sandbox-write', join(dir, 'data')]);
    expect(await call(p, 'write', { path: join(dir, 'data/out.txt'), content: 'kept' })).toBe('ok');
    expect(readFileSync(join(dir, 'data/out.txt'), 'utf8')).toBe('kept');
    const outside = join(ROOT, 'node_modules', `.sandbox-probe-${Date.now()}`);
    expect(await call(p, 'write', { path: outside, content: 'no' })).toBe('error EROFS');
    expect(existsSync(outside)).toBe(false);
    const tmp = `/tmp/mcpshield-sandbox-${Date.now()}`;
    expect(await call(p, 'write', { path: tmp, content: 'private' })).toBe('ok');
    expect(existsSync(tmp)).toBe(false); // the server's /tmp is its own
  });

  it('masks credential stores in the home directory', async () => {
    const p = await probe('{}');
    expect(await call(p, 'read', { path: join(home, '.ssh/id_ed25519') })).toBe('error ENOENT');
    expect(await call(p, 'read', { path: join(home, '.npmrc') })).toBe('ok'); // an empty file
  });

  it('has no network and no capabilities unless the policy allows the network', async () => {
    const closed = await probe('{ network: false }');
    expect(await call(closed, 'connect', { port })).toMatch(/^error (ECONNREFUSED|ENETUNREACH)/);
    const status = await call(closed, 'status', {});
    expect(status).toContain('CapEff:\t0000000000000000');
    const open = await probe('{ network: true }');
    expect(await call(open, 'connect', { port })).toBe('ok connected');
  });

  it('refuses a policy whose writable path does not exist, before starting anything', () => {
    const policy = writePolicy(tempDir('sandbox-bad'), 'version: 1\nsandbox: { writable: [/no/such/dir] }\n');
    const gw = proxyCommand(policy, { pins: join(dir, 'pins') }, PROBE);
    gw.args.splice(gw.args.indexOf('--'), 0, '--sandbox', 'bwrap');
    const r = spawnSync(gw.command, gw.args, { encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('writable path `/no/such/dir` does not exist');
  });
});

describe('sandbox: docker', () => {
  it('builds a hardened container command: read-only, no capabilities, no network, limits', () => {
    const dir = tempDir('sandbox-docker');
    const spec = sandboxCommand(
      'docker',
      { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', dir], cwd: dir },
      { network: false, writable: [dir], memory: '256m', pids: 64, passEnv: ['GITHUB_TOKEN'] },
    );
    expect(spec.command).toBe('docker');
    const line = spec.args.join(' ');
    for (const flag of [
      'run --rm -i --read-only --cap-drop=ALL --security-opt=no-new-privileges',
      '--network=none',
      '--memory=256m',
      '--pids-limit=64',
      `-v ${dir}:${dir}:rw`,
      '-e GITHUB_TOKEN',
      'node:20-bookworm-slim npx -y @modelcontextprotocol/server-filesystem',
    ])
      expect(line).toContain(flag);
  });

  it.runIf(!hasDockerEngine)(
    'without a Docker engine, says so and prints the command to run elsewhere',
    () => {
      const policy = writePolicy(tempDir('sandbox-docker-cli'), 'version: 1\n');
      const gw = proxyCommand(policy, { pins: tempDir('pins') }, PROBE);
      gw.args.splice(gw.args.indexOf('--'), 0, '--sandbox', 'docker');
      const r = spawnSync(gw.command, gw.args, { encoding: 'utf8', input: '' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('no Docker engine answers here');
      expect(r.stderr).toContain('docker run --rm -i --read-only --cap-drop=ALL');
    },
  );

  it('--sandbox-print prints the command and starts nothing', () => {
    const policy = writePolicy(tempDir('sandbox-print'), 'version: 1\nsandbox: { network: true }\n');
    const gw = proxyCommand(policy, { pins: tempDir('pins') }, PROBE);
    gw.args.splice(gw.args.indexOf('--'), 0, '--sandbox', 'bwrap', '--sandbox-print');
    const r = spawnSync(gw.command, gw.args, { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^bwrap --ro-bind \/ \/ .*--unshare-all --share-net --die-with-parent .*--cap-drop ALL/,
    );
    expect(r.stdout.trim().endsWith(PROBE[0]!)).toBe(true);
  });
});
