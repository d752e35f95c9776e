import { Backoff, sleep } from './backoff.js';
import { callControlPlane, failureOf, type ControlPlane } from './control-plane.js';
import type { PolicyHolder } from './enforce.js';
import type { Logger } from './log.js';
import { writeCachedPolicy } from './policy-cache.js';
import { versionOrigin } from './policy-start.js';
import { swapPolicy } from './policy-watch.js';
import { readSse } from './sse.js';

export type FollowOptions = {
  /** The version in force at start (`null`: a file's policy, replaced by the first version pushed). */
  version: number | null;
  log: Logger;
  /** Told of every version put in force. */
  onSwap?(version: number): void;
  backoff?: Backoff;
  /** A stream silent this long is taken for dead (the control plane sends a comment every 15 s). */
  silenceMs?: number;
};

/**
 * Follows the control plane's `/v1/policy/stream`: each pushed version is compiled and swapped in (a
 * version that does not compile is refused and the policy in force stays), and cached for the next start.
 * A lost stream is reopened with backoff; the first event of each stream is the live version, so a save
 * made while the stream was down is picked up. `close()` stops for good.
 */
export function followPolicy(cp: ControlPlane, holder: PolicyHolder, o: FollowOptions): { close(): void } {
  const stop = new AbortController();
  const backoff = o.backoff ?? new Backoff();
  const silenceMs = o.silenceMs ?? 45_000;
  let current = o.version;
  let refused: number | null = null;

  const apply = (data: string) => {
    let pushed: { version?: unknown; yaml?: unknown };
    try {
      pushed = JSON.parse(data) as typeof pushed;
    } catch {
      return o.log.warn('the control plane pushed a policy event that is not JSON; ignored');
    }
    const { version, yaml } = pushed;
    if (typeof version !== 'number' || typeof yaml !== 'string')
      return o.log.warn('the control plane pushed a policy event without version and yaml; ignored');
    if (version === current || version === refused) return;
    if (!swapPolicy(holder, yaml, versionOrigin(version), o.log)) {
      refused = version;
      return;
    }
    current = version;
    writeCachedPolicy(cp, { version, yaml });
    o.onSwap?.(version);
  };

  const streamOnce = async () => {
    const connection = new AbortController();
    const abortOnStop = () => connection.abort();
    stop.signal.addEventListener('abort', abortOnStop, { once: true });
    let silence = setTimeout(() => connection.abort(), 10_000);
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => connection.abort(), silenceMs);
    };
    try {
      const res = await callControlPlane(cp, '/v1/policy/stream', {
        timeoutMs: null,
        signal: connection.signal,
        headers: { accept: 'text/event-stream' },
      });
      if (!res.ok || !res.body) {
        o.log.warn({ reason: await failureOf(res) }, 'the control plane refused the policy stream; retrying');
        return;
      }
      heard();
      backoff.reset();
      o.log.info({ controlPlane: cp.url.toString() }, 'following the control plane policy');
      for await (const event of readSse(res.body, heard)) if (event.event === 'policy') apply(event.data);
      if (!stop.signal.aborted) o.log.warn('the control plane closed the policy stream; reconnecting');
    } catch (e) {
      if (!stop.signal.aborted)
        o.log.warn(
          { reason: await failureOf(e as Error) },
          'the policy stream is down; the policy in force stays',
        );
    } finally {
      clearTimeout(silence);
      stop.signal.removeEventListener('abort', abortOnStop);
    }
  };

  void (async () => {
    while (!stop.signal.aborted) {
      await streamOnce();
      await sleep(backoff.next(), stop.signal);
    }
  })();
  return { close: () => stop.abort() };
}
