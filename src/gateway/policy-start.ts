import { callControlPlane, failureOf, type ControlPlane } from './control-plane.js';
import { readCachedPolicy, writeCachedPolicy } from './policy-cache.js';

/** The policy a connected gateway starts on: the control plane's, else its cached copy, else the file. */
export type StartPolicy =
  | { from: 'control-plane' | 'cache'; yaml: string; version: number; origin: string }
  | { from: 'file'; file: string };

/** Not an outage to ride out on the cache: a configuration to fix. */
class KeyRefused extends Error {}

export const versionOrigin = (version: number) => `control plane policy version ${version}`;

/**
 * Asks the control plane for the live policy (`If-None-Match` the cached version) and caches the answer.
 * When the control plane cannot be reached or has no policy, the cache is used, else `fallbackFile`, and
 * `warn` says so; with neither, it fails. A refused key fails at once: a misconfigured gateway says so
 * rather than running on a policy its control plane no longer stands behind.
 */
export async function startPolicy(
  cp: ControlPlane,
  o: { fallbackFile?: string; warn(line: string): void; timeoutMs?: number },
): Promise<StartPolicy> {
  const cached = readCachedPolicy(cp);
  let why: string;
  try {
    const res = await callControlPlane(cp, '/v1/policy', {
      timeoutMs: o.timeoutMs ?? 5_000,
      headers: cached ? { 'if-none-match': `"${cached.version}"` } : {},
    });
    if (res.status === 304 && cached)
      return { from: 'control-plane', ...cached, origin: versionOrigin(cached.version) };
    if (res.status === 401 || res.status === 403)
      throw new KeyRefused(`the control plane ${cp.url} refused the API key (${await failureOf(res)})`);
    if (res.ok) {
      const live = (await res.json()) as { version: number; yaml: string };
      writeCachedPolicy(cp, live);
      return {
        from: 'control-plane',
        yaml: live.yaml,
        version: live.version,
        origin: versionOrigin(live.version),
      };
    }
    why = await failureOf(res);
  } catch (e) {
    if (e instanceof KeyRefused) throw e;
    why = await failureOf(e as Error);
  }
  if (cached) {
    o.warn(
      `control plane ${cp.url} unreachable (${why}): running on its cached policy version ${cached.version} of ${cached.saved_at}`,
    );
    return {
      from: 'cache',
      yaml: cached.yaml,
      version: cached.version,
      origin: versionOrigin(cached.version),
    };
  }
  if (o.fallbackFile) {
    o.warn(`control plane ${cp.url} unreachable (${why}): running on the policy file ${o.fallbackFile}`);
    return { from: 'file', file: o.fallbackFile };
  }
  throw new Error(
    `the control plane ${cp.url} cannot be reached (${why}) and there is no cached policy of it; give --policy FILE to start without it`,
  );
}
