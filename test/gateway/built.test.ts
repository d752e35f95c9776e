import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILT_CLI,
  SERVERS,
  connect,
  connectHttp,
  proxyCommand,
  startHttpProxy,
  startHttpServer,
  tempDir,
  writePolicy,
} from '../support/mcp.js';
import { ROOT } from '../support/source.js';

/**
 * The wrapper as shipped: `npm run build` bundles `mcpshield proxy` (scripts/bundle-proxy.js), with the packages only
 * some shapes use (the MCP SDK for remote upstreams and the HTTP front, prom-client for metrics) left to
 * load from node_modules. The other gateway suites run the sources; this one runs what users run, in
 * every shape, so that a module the bundle failed to carry shows here. CI builds first (`npm ci` runs
 * `prepare`); without a build, the suite is skipped locally and fails in CI.
 */
const BUNDLE = join(ROOT, 'dist/cli/proxy-main.js');
const built = existsSync(BUNDLE) && existsSync(BUILT_CLI);
if (!built && process.env.CI) throw new Error(`no build at ${BUNDLE}: run \`npm run build\``);

describe.skipIf(!built)('the built wrapper (bundled)', () => {
  const dir = tempDir('built');
  const allow = writePolicy(dir, 'version: 1\ndefault: allow\n');

  it('relays tools/list and tools/call as the server answers them', async () => {
    const direct = await connect(process.execPath, [...SERVERS.everything]);
    const gw = proxyCommand(allow, { pins: join(dir, 'pins'), name: 'everything', built: true }, [
      ...SERVERS.everything,
    ]);
    const proxied = await connect(gw.command, gw.args);
    try {
      const [a, b] = await Promise.all([direct.client.listTools(), proxied.client.listTools()]);
      expect(b).toEqual(a);
      const echo = { name: 'echo', arguments: { message: 'through the bundle' } };
      expect(await proxied.client.callTool(echo)).toEqual(await direct.client.callTool(echo));
    } finally {
      await Promise.all([direct.client.close(), proxied.client.close()]);
    }
  });

  it('denies by policy, naming the rule', async () => {
    const deny = writePolicy(
      tempDir('built-deny'),
      'version: 1\ndefault: allow\nrules:\n  - tool: echo\n    decision: deny\n',
    );
    const gw = proxyCommand(deny, { pins: join(dir, 'pins-deny'), built: true }, [...SERVERS.everything]);
    const proxied = await connect(gw.command, gw.args);
    try {
      await expect(proxied.client.callTool({ name: 'echo', arguments: { message: 'no' } })).rejects.toThrow(
        /denied by policy \(rules\[0\]\)/,
      );
    } finally {
      await proxied.client.close();
    }
  });

  describe('with a Streamable HTTP upstream (the SDK loaded from node_modules)', () => {
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    beforeAll(async () => {
      server = await startHttpServer('streamableHttp');
    }, 60_000);
    afterAll(() => server?.stop());

    it('lists the server tools through --upstream', async () => {
      const gw = proxyCommand(allow, { pins: join(dir, 'pins-remote'), built: true }, []);
      const at = gw.args.indexOf('--');
      const proxied = await connect(gw.command, [...gw.args.slice(0, at), '--upstream', server.url]);
      try {
        const { tools } = await proxied.client.listTools();
        expect(tools.map((t) => t.name)).toContain('echo');
      } finally {
        await proxied.client.close();
      }
    });
  });

  it('serves Streamable HTTP with --listen, and Prometheus metrics beside it', async () => {
    const front = await startHttpProxy(allow, { pins: join(dir, 'pins-front'), built: true }, [
      ...SERVERS.everything,
    ]);
    try {
      const peer = await connectHttp(front.url);
      const r = await peer.client.callTool({ name: 'echo', arguments: { message: 'over http' } });
      expect(JSON.stringify(r)).toContain('over http');
      await peer.client.close();
      const text = await (await fetch(new URL('/metrics', front.url))).text();
      expect(text).toMatch(/mcpshield_decisions_total\{[^}]*decision="allow"/);
    } finally {
      await front.stop();
    }
  });
});
