import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { pgCode, StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { apiKeys } from '../schema/index.js';

export type ApiKey = typeof apiKeys.$inferSelect;

/** Every key starts with this, so scanners and people recognise a leaked MCPShield key. */
export const API_KEY_PREFIX = 'mcps_';
/** How much of the key is kept in clear (`mcps_` and 8 more characters) to tell keys apart. */
const SHOWN = API_KEY_PREFIX.length + 8;

/** The SHA-256 (hex) under which a key is stored and looked up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const prepareLookup = (db: Db) =>
  db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
    .prepare('find_api_key_by_hash');

/** One prepared lookup per database: it runs on every machine request, and building the query each
 * time costs several times more than running it. */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

/** The active (not revoked) key with this hash, of whatever organisation: how a machine is identified. */
export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKey | null> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)));
  const [row] = await lookup.execute({ keyHash });
  return row ?? null;
}

/** The keys of the organisation's projects. */
export function apiKeysRepo(db: Db, orgId: string) {
  const mine = (id: string) => and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id));
  const repo = {
    /** Creates a key; the plain `key` is returned here only and never stored. */
    async create(
      projectId: string,
      input: { name: string; createdBy?: string | null },
    ): Promise<{ key: string; apiKey: ApiKey }> {
      const key = API_KEY_PREFIX + randomBytes(24).toString('base64url');
      try {
        const [row] = await db
          .insert(apiKeys)
          .values({
            orgId,
            projectId,
            name: input.name,
            prefix: key.slice(0, SHOWN),
            keyHash: hashApiKey(key),
            createdBy: input.createdBy ?? null,
          })
          .returning();
        return { key, apiKey: row! };
      } catch (err) {
        if (pgCode(err) === '23503' || pgCode(err) === '22P02')
          throw new StoreError('not_found', `project \`${projectId}\` not found`);
        throw err;
      }
    },

    /** Newest first, revoked ones included (with `revokedAt`); one project's when given. */
    async list(projectId?: string): Promise<ApiKey[]> {
      if (projectId !== undefined && !isUuid(projectId)) return [];
      const where = projectId
        ? and(eq(apiKeys.orgId, orgId), eq(apiKeys.projectId, projectId))
        : eq(apiKeys.orgId, orgId);
      return db.select().from(apiKeys).where(where).orderBy(desc(apiKeys.createdAt));
    },

    async get(id: string): Promise<ApiKey | null> {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(apiKeys).where(mine(id));
      return row ?? null;
    },

    /** Revokes the key for good; false when there is no such key in this organisation. */
    async revoke(id: string, at = new Date()): Promise<boolean> {
      if (!isUuid(id)) return false;
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(mine(id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length > 0 || (await repo.get(id)) !== null;
    },

    async touch(id: string, at = new Date()): Promise<void> {
      if (!isUuid(id)) return;
      await db.update(apiKeys).set({ lastUsedAt: at }).where(mine(id));
    },
  };
  return repo;
}

export type ApiKeysRepo = ReturnType<typeof apiKeysRepo>;
