import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  connect,
  connectHttp,
  connectSse,
  connectWs,
  startHttpServer,
  proxyCommand,
  SERVERS,
  startHttpProxy,
  tempDir,
  writePolicy,
} from '../support/mcp.js';

/**
 * The gateway must be invisible to an honest exchange: the official SDK client drives
 * server-everything directly and through `mcpshield proxy` (stdio; Streamable HTTP and legacy HTTP+SSE
 * with `--listen`), and every answer must be the same.
 * The policy allows everything and runs every detector at its default action; nothing in this server's
 * answers is an attack, so any difference is a fidelity bug.
 */
type Peer = Awaited<ReturnType<typeof connect>>;

/**
 * server-everything makes its resources when a session starts ("created at 4:42:46 AM"): every server
 * process, and every session on a remote one, stamps its own clock, a second apart when the direct and the
 * proxied one straddle a second. The stamp is compared as a placeholder; everything else as it is.
 */
const CREATED_AT = /created at \d{1,2}:\d{2}:\d{2}(?: [AP]M)?/g;
const sameClockText = (x: unknown) => JSON.stringify(x).replace(CREATED_AT, 'created at <time>');
const sameClock = (x: unknown): unknown => (x === undefined ? x : JSON.parse(sameClockText(x)));

/** The whole suite, for one shape of the gateway: `open` connects a client through it. */
function suite(
  shape: string,
  open: (policy: string, dir: string) => Promise<Peer>,
  stop?: () => Promise<void>,
  openDirect: () => Promise<Peer> = () => connect(process.execPath, [...SERVERS.everything]),
  /** Per-connection values (an HTTP server's session ids) that differ between any two sessions. */
  normalize: (x: unknown) => unknown = sameClock,
) {
  describe(`fidelity through the ${shape} gateway (server-everything)`, () => {
    let direct: Peer;
    let proxied: Peer;

    beforeAll(async () => {
      const dir = tempDir('fidelity');
      const policy = writePolicy(dir, 'version: 1\ndefault: allow\n');
      [direct, proxied] = await Promise.all([openDirect(), open(policy, dir)]);
      // The server asks for the client's roots 350 ms after initialisation: let that settle on both sides,
      // or a tool that asks for roots races it and asks twice.
      for (const peer of [direct, proxied])
        for (let i = 0; i < 100 && !peer.requests.some((r) => r.method === 'roots/list'); i++)
          await new Promise((r) => setTimeout(r, 50));
    }, 60_000);

    afterAll(async () => {
      await Promise.all([direct?.client.close(), proxied?.client.close()]);
      await stop?.();
    });

    /** Run one step on both sides and compare. */
    async function same<T>(step: (c: Client, peer: Peer) => Promise<T>): Promise<T> {
      const [a, b] = await Promise.all([step(direct.client, direct), step(proxied.client, proxied)]);
      expect(normalize(b)).toEqual(normalize(a));
      return a;
    }

    const DATA_URI = `data:text/plain;base64,${Buffer.from('hello fidelity\n'.repeat(20)).toString('base64')}`;

    it('initialises the same: capabilities, server info, instructions', async () => {
      expect(proxied.client.getServerCapabilities()).toEqual(direct.client.getServerCapabilities());
      expect(proxied.client.getServerVersion()).toEqual(direct.client.getServerVersion());
      expect(proxied.client.getInstructions()).toEqual(direct.client.getInstructions());
    });

    it('lists tools, prompts, resources and templates the same', async () => {
      const tools = await same((c) => c.listTools());
      expect(tools.tools.length).toBeGreaterThan(10);
      await same((c) => c.listPrompts());
      await same((c) => c.listResources());
      await same((c) => c.listResourceTemplates());
    });

    it('gets every prompt the same', async () => {
      await same((c) => c.getPrompt({ name: 'simple-prompt' }));
      await same((c) => c.getPrompt({ name: 'args-prompt', arguments: { city: 'Lisbon', state: 'Lisboa' } }));
      await same((c) =>
        c.getPrompt({ name: 'completable-prompt', arguments: { department: 'Engineering', name: 'Alice' } }),
      );
      await same((c) =>
        c.getPrompt({ name: 'resource-prompt', arguments: { resourceType: 'Text', resourceId: '2' } }),
      );
    });

    it('reads every resource and template instance the same', async () => {
      const { resources } = await direct.client.listResources();
      for (const r of resources) await same((c) => c.readResource({ uri: r.uri }));
      await same((c) => c.readResource({ uri: 'demo://resource/dynamic/text/7' }));
      await same((c) => c.readResource({ uri: 'demo://resource/dynamic/blob/7' }));
    });

    it('completes arguments the same', async () => {
      await same((c) =>
        c.complete({
          ref: { type: 'ref/prompt', name: 'completable-prompt' },
          argument: { name: 'department', value: 'E' },
        }),
      );
      await same((c) =>
        c.complete({
          ref: { type: 'ref/prompt', name: 'completable-prompt' },
          argument: { name: 'name', value: '' },
          context: { arguments: { department: 'Engineering' } },
        }),
      );
    });

    it('calls every tool the same: text, images, resource links, embedded resources, structured output', async () => {
      await same((c) => c.callTool({ name: 'echo', arguments: { message: 'hello ✓ 世界' } }));
      for (const messageType of ['error', 'success', 'debug'])
        await same((c) =>
          c.callTool({ name: 'get-annotated-message', arguments: { messageType, includeImage: true } }),
        );
      await same((c) => c.callTool({ name: 'get-sum', arguments: { a: 2.5, b: -7 } }));
      await same((c) => c.callTool({ name: 'get-tiny-image', arguments: {} }));
      await same((c) => c.callTool({ name: 'get-resource-links', arguments: { count: 10 } }));
      await same((c) =>
        c.callTool({ name: 'get-resource-reference', arguments: { resourceType: 'Text', resourceId: 3 } }),
      );
      await same((c) =>
        c.callTool({ name: 'get-resource-reference', arguments: { resourceType: 'Blob', resourceId: 4 } }),
      );
      const structured = await same((c) =>
        c.callTool({ name: 'get-structured-content', arguments: { location: 'Chicago' } }),
      );
      expect(structured.structuredContent).toBeDefined();
      await same((c) =>
        c.callTool({ name: 'gzip-file-as-resource', arguments: { name: 'f.txt.gz', data: DATA_URI } }),
      );
      // A task-only tool: the server's refusal must come through as it is.
      await same((c) =>
        c
          .callTool({ name: 'simulate-research-query', arguments: { topic: 'tides' } })
          .catch((e: Error) => ({ rejected: e.message })),
      );
      await same((c) => c.callTool({ name: 'get-env', arguments: {} }));
    });

    it('passes tool errors and protocol errors through the same', async () => {
      await same((c) => c.callTool({ name: 'no-such-tool', arguments: {} }));
      await same((c) => c.callTool({ name: 'get-sum', arguments: { a: 'x' } }));
      await same((c) =>
        c.readResource({ uri: 'demo://nope' }).catch((e: Error) => ({ rejected: e.message })),
      );
      await same((c) => c.getPrompt({ name: 'nope' }).catch((e: Error) => ({ rejected: e.message })));
    });

    it('relays sampling, elicitation and roots requests and their answers', async () => {
      await same((c) =>
        c.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'Say hi', maxTokens: 20 } }),
      );
      await same((c) => c.callTool({ name: 'trigger-elicitation-request', arguments: {} }));
      await same((c) => c.callTool({ name: 'get-roots-list', arguments: {} }));
      const sorted = (peer: Peer) => peer.requests.map((r) => JSON.stringify(r)).sort();
      expect(sorted(proxied)).toEqual(sorted(direct));
      expect(proxied.requests.map((r) => r.method)).toEqual(
        expect.arrayContaining(['sampling/createMessage', 'elicitation/create', 'roots/list']),
      );
    });

    it('carries progress notifications with their token, before the result', async () => {
      const run = async (c: Client) => {
        const progress: unknown[] = [];
        const result = await c.callTool(
          { name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } },
          undefined,
          {
            onprogress: (p) => progress.push(p),
          },
        );
        return { result, progress };
      };
      const [a, b] = await Promise.all([run(direct.client), run(proxied.client)]);
      expect(b.result).toEqual(a.result);
      // The SDK client reads a notification a microtask after a response that came in the same chunk, and
      // then drops it: on a loaded machine the last progress can be lost on either side. What arrived must
      // be the same, in order, with at most that last one missing.
      const n = Math.min(a.progress.length, b.progress.length);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(b.progress.slice(0, n)).toEqual(a.progress.slice(0, n));
      expect(b.progress.slice(0, n)).toEqual(
        [1, 2, 3].slice(0, n).map((progress) => ({ progress, total: 3 })),
      );
    });

    it('cancels a request on the way, and keeps serving', async () => {
      const run = async (c: Client) => {
        const ac = new AbortController();
        const call = c.callTool(
          { name: 'trigger-long-running-operation', arguments: { duration: 3, steps: 30 } },
          undefined,
          {
            signal: ac.signal,
            onprogress: () => ac.abort('enough'),
          },
        );
        const outcome = await call.then(
          () => 'resolved',
          (e: Error) => `rejected: ${e.name}`,
        );
        const after = await c.callTool({ name: 'echo', arguments: { message: 'still here' } });
        return { outcome, after };
      };
      const out = await same(run);
      expect(out.outcome).toMatch(/^rejected/);
    });

    it('relays subscriptions, logging and client list_changed notifications', async () => {
      const uri = 'demo://resource/dynamic/text/1';
      await same((c) => c.setLoggingLevel('debug'));
      await same((c) => c.subscribeResource({ uri }));
      await same((c) => c.callTool({ name: 'toggle-subscriber-updates', arguments: {} }));
      await same((c) => c.callTool({ name: 'toggle-simulated-logging', arguments: {} }));
      await same((c) => c.sendRootsListChanged().then(() => 'sent'));
      const wait = async (peer: Peer) => {
        for (let i = 0; i < 100; i++) {
          const methods = new Set(peer.notifications.map((n) => n.method));
          if (
            methods.has('notifications/resources/updated') &&
            methods.has('notifications/message') &&
            peer.requests.filter((r) => r.method === 'roots/list').length >= 2
          )
            return;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await Promise.all([wait(direct), wait(proxied)]);
      const kinds = (peer: Peer) => [...new Set(peer.notifications.map((n) => n.method))].sort();
      expect(kinds(proxied)).toEqual(kinds(direct));
      const updated = (peer: Peer) =>
        peer.notifications.filter((n) => n.method === 'notifications/resources/updated')[0];
      expect(updated(proxied)).toEqual(updated(direct));
      expect(updated(direct)).toEqual({ method: 'notifications/resources/updated', params: { uri } });
      const log = (peer: Peer) =>
        peer.notifications.find((n) => n.method === 'notifications/message')?.params as {
          level: string;
          data: unknown;
        };
      expect(Object.keys(log(proxied))).toEqual(Object.keys(log(direct))); // the text is random, the shape is not
      expect(proxied.requests.filter((r) => r.method === 'roots/list').length).toBeGreaterThanOrEqual(2);
      await same((c) => c.unsubscribeResource({ uri }));
      await same((c) => c.callTool({ name: 'toggle-subscriber-updates', arguments: {} }));
      await same((c) => c.callTool({ name: 'toggle-simulated-logging', arguments: {} }));
    });

    it('answers ping', async () => {
      await same((c) => c.ping());
    });
  });
}

suite('stdio', async (policy, dir) => {
  const gw = proxyCommand(policy, { pins: `${dir}/pins`, name: 'everything' }, SERVERS.everything);
  return connect(gw.command, gw.args);
});

let httpStop: (() => Promise<void>) | undefined;
suite(
  'Streamable HTTP',
  async (policy, dir) => {
    const front = await startHttpProxy(
      policy,
      { pins: `${dir}/pins`, name: 'everything' },
      SERVERS.everything,
    );
    httpStop = front.stop;
    return connectHttp(front.url);
  },
  () => httpStop?.() ?? Promise.resolve(),
);

let sseStop: (() => Promise<void>) | undefined;
suite(
  'legacy HTTP+SSE',
  async (policy, dir) => {
    const front = await startHttpProxy(
      policy,
      { pins: `${dir}/pins`, name: 'everything' },
      SERVERS.everything,
    );
    sseStop = front.stop;
    return connectSse(front.url.replace(/\/mcp$/, '/sse'));
  },
  () => sseStop?.() ?? Promise.resolve(),
);

// Remote upstreams: server-everything over Streamable HTTP, in SSE mode and over WebSocket (on loopback), reached directly
// by the client and through the stdio gateway with `--upstream URL`. Each connection is its own session on
// that server, whose id shows in some answers: compared as a placeholder.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
function remoteSuite(
  label: string,
  mode: 'streamableHttp' | 'sse' | 'websocket',
  connectDirect: (url: string) => Promise<Peer>,
) {
  let server: ReturnType<typeof startHttpServer> | undefined;
  const started = () => (server ??= startHttpServer(mode));
  suite(
    `stdio gateway with a ${label} upstream:`,
    async (policy, dir) => {
      const { url } = await started();
      const gw = proxyCommand(policy, { pins: `${dir}/pins`, name: 'everything' }, []);
      const at = gw.args.indexOf('--');
      return connect(gw.command, [...gw.args.slice(0, at), '--upstream', url]);
    },
    async () => (await server)?.stop(),
    async () => connectDirect((await started()).url),
    (x) => (x === undefined ? x : JSON.parse(sameClockText(x).replace(UUID, '<session>'))),
  );
}

remoteSuite('Streamable HTTP', 'streamableHttp', (url) => connectHttp(url));
remoteSuite('legacy SSE', 'sse', (url) => connectSse(url));
remoteSuite('WebSocket', 'websocket', (url) => connectWs(url));
