import { createMiddleware } from 'hono/factory';
import { API_KEY_PREFIX, hashApiKey, type ApiKey } from '../../store/index.js';
import type { Deps, KeyEnv } from '../context.js';
import { ApiError } from '../errors.js';

/** `last_used_at` is written at most this often per key, so a busy gateway does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

/** Found keys kept at most; past it the cache starts over (it only ever holds valid keys). */
const MAX_CACHED = 10_000;

export type RequireKeyOptions = {
  /**
   * Trust a key found for this many milliseconds before looking it up again (default 0: every request
   * looks it up). A key revoked meanwhile keeps working that long in this process: for hot paths only.
   */
  cacheMs?: number;
};

/**
 * Lets a machine through only with `X-API-Key: mcps_...` naming an active key; sets `keyId`, `orgId`,
 * `projectId` and `org`. A revoked or unknown key is 401, the same answer for both.
 */
export function requireKey({ store }: Pick<Deps, 'store'>, { cacheMs = 0 }: RequireKeyOptions = {}) {
  const touched = new Map<string, number>();
  const found = new Map<string, { key: ApiKey; until: number }>();
  const lookUp = async (hash: string): Promise<ApiKey | null> => {
    const now = Date.now();
    const cached = found.get(hash);
    if (cached && cached.until > now) return cached.key;
    const key = await store.findApiKeyByHash(hash);
    if (key && cacheMs > 0) {
      if (found.size >= MAX_CACHED) found.clear();
      found.set(hash, { key, until: now + cacheMs });
    } else {
      found.delete(hash);
    }
    return key;
  };
  return createMiddleware<KeyEnv>(async (c, next) => {
    const presented = c.req.header('x-api-key') ?? '';
    const key = presented.startsWith(API_KEY_PREFIX) ? await lookUp(hashApiKey(presented)) : null;
    if (!key) throw new ApiError(401, 'unauthorized', 'a valid API key is required in X-API-Key');
    const org = store.forOrg(key.orgId);
    const now = Date.now();
    if (now - (touched.get(key.id) ?? 0) > TOUCH_EVERY_MS) {
      touched.set(key.id, now);
      await org.apiKeys.touch(key.id);
    }
    c.set('keyId', key.id);
    c.set('orgId', key.orgId);
    c.set('projectId', key.projectId);
    c.set('org', org);
    await next();
  });
}
