import { createMiddleware } from 'hono/factory';
import { API_KEY_PREFIX, hashApiKey } from '../../store/index.js';
import type { Deps, KeyEnv } from '../context.js';
import { ApiError } from '../errors.js';

/** `last_used_at` is written at most this often per key, so a busy gateway does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Lets a machine through only with `X-API-Key: mcps_...` naming an active key; sets `keyId`, `orgId`,
 * `projectId` and `org`. A revoked or unknown key is 401, the same answer for both.
 */
export function requireKey({ store }: Pick<Deps, 'store'>) {
  const touched = new Map<string, number>();
  return createMiddleware<KeyEnv>(async (c, next) => {
    const presented = c.req.header('x-api-key') ?? '';
    const key = presented.startsWith(API_KEY_PREFIX)
      ? await store.findApiKeyByHash(hashApiKey(presented))
      : null;
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
