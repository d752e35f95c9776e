import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../src/gateway/backoff.js';
import { controlPlane, policyCacheFile } from '../../src/gateway/control-plane.js';
import type { PolicyHolder } from '../../src/gateway/enforce.js';
import { followPolicy } from '../../src/gateway/policy-follow.js';
import { startPolicy } from '../../src/gateway/policy-start.js';
import { compile } from '../../src/policy/compile.js';
import { tempDir } from '../support/mcp.js';
import { ROOT } from '../support/source.js';

/**
 * The gateway's side of the control plane's policy: the start (live, cached, the file, or a clear error)
 * and the stream it follows, against a stand-in that serves `/api/v1/policy` and its event stream.
 */
const key = `mcps_${randomBytes(24).toString('base64url')}`;
const policyText = (n: number) => `version: 1\nname: v${n}\ndefault: allow\n`;
const BROKEN = 'version: 1\ndefault: maybe\n';

type Plane = Awaited<ReturnType<typeof stand>>;
/** A control plane stand-in: `live` is served; `push` writes to every open stream; `drop` hangs them up. */
async function stand(options: { status?: number; port?: number } = {}) {
  const live = { version: 1, yaml: policyText(1) };
  const streams = new Set<ServerResponse>();
  let connections = 0;
  const server = createServer((req, res) => {
    if (req.headers['x-api-key'] !== key || options.status) {
      res.writeHead(options.status ?? 401, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 'x', message: 'refused here' } }));
    }
    if (req.url === '/api/v1/policy') {
      if (req.headers['if-none-match'] === `"${live.version}"`) return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${live.version}"` });
      return void res.end(JSON.stringify({ project_id: 'p', ...live, created_at: new Date().toISOString() }));
    }
    if (req.url === '/api/v1/policy/stream') {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`: hello\n\nevent: policy\nid: ${live.version}\ndata: ${JSON.stringify(live)}\n\n`);
      streams.add(res);
      return void res.on('close', () => streams.delete(res));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    live,
    connections: () => connections,
    push(version: number, yaml: string) {
      for (const s of streams) s.write(`event: policy\ndata: ${JSON.stringify({ version, yaml })}\n\n`);
    },
    drop() {
      for (const s of streams) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function capturedLog() {
  const lines: { msg: string; level: number }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
        done();
      },
    }),
  );
  return { log, lines };
}

/** A port nothing listens on (fetch refuses some low ones outright). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until(what: () => boolean, label: string) {
  for (let i = 0; i < 250 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(what(), label).toBe(true);
}

const opened: { close(): unknown }[] = [];
beforeEach(() => {
  process.env.MCPSHIELD_HOME = tempDir('cp-home');
});
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function planeUp(options?: { status?: number; port?: number }): Promise<Plane> {
  const p = await stand(options);
  opened.push(p);
  return p;
}

describe('the policy a connected gateway starts on', () => {
  it("is the control plane's live policy, cached without the key; then 304 keeps the cache", async () => {
    const p = await planeUp();
    const cp = controlPlane(p.url, key);
    const warnings: string[] = [];
    const warn = (l: string) => warnings.push(l);
    expect(await startPolicy(cp, { warn })).toMatchObject({
      from: 'control-plane',
      version: 1,
      yaml: policyText(1),
    });
    const cached = readFileSync(policyCacheFile(cp), 'utf8');
    expect(cached).toContain('name: v1');
    expect(cached).not.toContain(key);
    expect(policyCacheFile(cp)).not.toContain(key.slice(5));
    expect(await startPolicy(cp, { warn })).toMatchObject({ from: 'control-plane', version: 1 });
    expect(warnings).toEqual([]);
  });

  it('is the cache when the control plane is away, then the file, each said on stderr; with neither it fails', async () => {
    const p = await planeUp();
    const cp = controlPlane(p.url, key);
    await startPolicy(cp, { warn: () => undefined });
    await p.close();
    const warnings: string[] = [];
    const warn = (l: string) => warnings.push(l);
    const fallback = join(tempDir('file'), 'policy.yaml');
    writeFileSync(fallback, policyText(9));
    expect(await startPolicy(cp, { warn, fallbackFile: fallback })).toMatchObject({
      from: 'cache',
      version: 1,
    });
    expect(warnings.pop()).toMatch(/unreachable \(ECONNREFUSED\): running on its cached policy version 1/);

    process.env.MCPSHIELD_HOME = tempDir('empty-home');
    expect(await startPolicy(cp, { warn, fallbackFile: fallback })).toEqual({ from: 'file', file: fallback });
    expect(warnings.pop()).toContain(`running on the policy file ${fallback}`);
    await expect(startPolicy(cp, { warn })).rejects.toThrow(
      /cannot be reached \(ECONNREFUSED\) and there is no cached policy of it; give --policy FILE/,
    );
  });

  it('fails at once when the control plane refuses the key, and falls back when it fails (500)', async () => {
    const refusing = await planeUp({ status: 401 });
    await expect(startPolicy(controlPlane(refusing.url, key), { warn: () => undefined })).rejects.toThrow(
      /refused the API key \(HTTP 401: refused here\)/,
    );
    const failing = await planeUp({ status: 500 });
    const fallback = join(tempDir('file'), 'policy.yaml');
    writeFileSync(fallback, policyText(2));
    const warnings: string[] = [];
    const start = await startPolicy(controlPlane(failing.url, key), {
      warn: (l) => warnings.push(l),
      fallbackFile: fallback,
    });
    expect(start.from).toBe('file');
    expect(warnings[0]).toContain('HTTP 500: refused here');
  });
});

describe('following the control plane', () => {
  it('swaps pushed versions in, refuses one that does not compile, and picks up again after a lost stream', async () => {
    const p = await planeUp();
    const cp = controlPlane(p.url, key);
    const { log, lines } = capturedLog();
    const holder: PolicyHolder = { ir: compile(policyText(1)).ir };
    const swapped: number[] = [];
    const follower = followPolicy(cp, holder, {
      version: 1,
      log,
      onSwap: (v) => swapped.push(v),
      backoff: new Backoff(20, 100),
    });
    opened.push(follower);
    await until(() => p.connections() === 1, 'connected');

    p.push(2, policyText(2));
    await until(() => holder.ir.policy.name === 'v2', 'version 2 in force');
    p.push(3, BROKEN);
    await until(() => lines.some((l) => l.msg.startsWith('policy refused')), 'version 3 refused');
    expect(holder.ir.policy.name).toBe('v2');

    // Saved while the stream was down: the first event of the next stream carries it.
    p.live.version = 4;
    p.live.yaml = policyText(4);
    p.drop();
    await until(() => holder.ir.policy.name === 'v4', 'version 4 in force after reconnecting');
    expect(swapped).toEqual([2, 4]);
    expect(JSON.parse(readFileSync(policyCacheFile(cp), 'utf8'))).toMatchObject({ version: 4 });
    expect(p.connections()).toBe(2);
  });

  it('keeps the policy in force while the control plane is gone, and follows again when it is back', async () => {
    const p = await planeUp();
    const cp = controlPlane(p.url, key);
    const holder: PolicyHolder = { ir: compile(policyText(0)).ir };
    const follower = followPolicy(cp, holder, {
      version: null,
      log: capturedLog().log,
      backoff: new Backoff(20, 100),
    });
    opened.push(follower);
    // A file's policy (version null) gives way to the control plane's first push.
    await until(() => holder.ir.policy.name === 'v1' && p.connections() === 1, 'following');
    expect(existsSync(policyCacheFile(cp))).toBe(true);
    await p.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(holder.ir.policy.name).toBe('v1');
    const back = await planeUp({ port: Number(new URL(p.url).port) });
    back.live.version = 5;
    back.live.yaml = policyText(5);
    await until(() => holder.ir.policy.name === 'v5', 'version 5 in force once the control plane is back');
  });
});

describe('mcpshield proxy, told of a control plane', () => {
  const proxy = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'proxy', ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, MCPSHIELD_HOME: tempDir('cli-home'), NO_COLOR: '1' },
      timeout: 60_000,
    });
  const server = ['--', process.execPath, '-e', ''];

  it('needs a policy from somewhere, and says where it looked', async () => {
    const closed = await closedPort();
    const none = proxy(server);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain('give --policy FILE, or --control-plane URL with --api-key mcps_...');
    const away = proxy(['--control-plane', `http://127.0.0.1:${closed}`, '--api-key', key, ...server]);
    expect(away.status).not.toBe(0);
    expect(away.stderr).toContain('cannot be reached (ECONNREFUSED) and there is no cached policy of it');
  });

  it("refuses a key that is not a project key (the front's key is --listen-key)", () => {
    const r = proxy(['--control-plane', 'http://127.0.0.1:9', '--api-key', 'front-secret', ...server]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("the control plane's API key starts with `mcps_`");
  });
});
