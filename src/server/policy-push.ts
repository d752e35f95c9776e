import type { SSEStreamingApi } from 'hono/streaming';
import type { OrgRepos } from '../store/index.js';
import type { Bus } from './bus.js';

export type PushOptions = {
  bus: Bus;
  org: OrgRepos;
  projectId: string;
  /** How often the newest version is read again: a save on another replica never reaches this bus. */
  pollMs?: number;
  /** How often a comment line keeps proxies and load balancers from closing a quiet stream. */
  heartbeatMs?: number;
  /** Asked at each re-check: false (the key was revoked) ends the stream. */
  stillAllowed?: () => Promise<boolean>;
};

/**
 * Pushes a project's live policy down an event stream: the newest version at once, then every newer one
 * as a `policy` event `{version, yaml}` (id = version). A save on this server arrives through the bus at
 * once; one on another replica within `pollMs`. Resolves when the client goes away, the server closes or
 * `stillAllowed` says no.
 */
export async function pushPolicies(stream: SSEStreamingApi, o: PushOptions): Promise<void> {
  let sent = 0;
  let chain = Promise.resolve();
  const sendNewest = () => {
    chain = chain
      .then(async () => {
        const latest = await o.org.policies.latest(o.projectId);
        if (!latest || latest.version <= sent || stream.aborted || stream.closed) return;
        sent = latest.version;
        await stream.writeSSE({
          event: 'policy',
          id: String(latest.version),
          data: JSON.stringify({ version: latest.version, yaml: latest.yaml }),
        });
      })
      .catch((err: unknown) => {
        // The next save or poll tries again; a broken stream is noticed by its abort.
        process.stderr.write(`mcpshield up: policy push failed: ${(err as Error)?.message ?? err}\n`);
      });
  };

  let ended!: () => void;
  const streamEnded = new Promise<void>((resolve) => (ended = resolve));
  const waiting = new Promise<void>((resolve) => {
    const offPolicy = o.bus.on('policy', (saved) => {
      if (saved.orgId === o.org.orgId && saved.projectId === o.projectId) sendNewest();
    });
    const offShutdown = o.bus.on('shutdown', ({ ending }) => {
      ending.push(streamEnded);
      finish();
    });
    const poll = setInterval(() => {
      if (!o.stillAllowed) return sendNewest();
      o.stillAllowed().then(
        (allowed) => (allowed ? sendNewest() : finish()),
        () => sendNewest(), // the database is away: the stream goes on; the next re-check asks again
      );
    }, o.pollMs ?? 5_000);
    const heartbeat = setInterval(() => {
      if (!stream.aborted && !stream.closed) stream.write(': heartbeat\n\n').catch(() => undefined);
    }, o.heartbeatMs ?? 15_000);
    stream.onAbort(finish);
    function finish() {
      offPolicy();
      offShutdown();
      clearInterval(poll);
      clearInterval(heartbeat);
      resolve();
    }
  });
  sendNewest();
  try {
    await waiting;
    await chain;
    await stream.close();
  } finally {
    ended();
  }
}
