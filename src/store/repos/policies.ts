import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../db.js';
import { pgCode, StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { policyVersions } from '../schema/index.js';

export type PolicyVersion = typeof policyVersions.$inferSelect;
export type SavePolicy = { yaml: string; authorId?: string | null; comment?: string | null };

/**
 * Every policy saved for the organisation's projects. Versions count from 1 per project and are never
 * rewritten; the latest is the live policy. The text is stored as given: compiling it is the caller's job.
 */
export function policiesRepo(db: Db, orgId: string) {
  const ofProject = (projectId: string) =>
    and(eq(policyVersions.orgId, orgId), eq(policyVersions.projectId, projectId));
  const notFound = (projectId: string) => new StoreError('not_found', `project \`${projectId}\` not found`);

  async function insertNext(projectId: string, input: SavePolicy): Promise<PolicyVersion> {
    const [last] = await db
      .select({ version: max(policyVersions.version) })
      .from(policyVersions)
      .where(ofProject(projectId));
    const [row] = await db
      .insert(policyVersions)
      .values({
        orgId,
        projectId,
        version: (last?.version ?? 0) + 1,
        yaml: input.yaml,
        authorId: input.authorId ?? null,
        comment: input.comment ?? null,
      })
      .returning();
    return row!;
  }

  const repo = {
    /** Saves a new version. Two saves at once both land: the one that loses the number retries. */
    async save(projectId: string, input: SavePolicy): Promise<PolicyVersion> {
      if (!isUuid(projectId)) throw notFound(projectId);
      for (let attempt = 0; ; attempt++) {
        try {
          return await insertNext(projectId, input);
        } catch (err) {
          const code = pgCode(err);
          if (code === '23503') throw notFound(projectId); // the project is not this organisation's
          if (code !== '23505' || attempt >= 5) throw err;
        }
      }
    },

    /** Newest first. */
    async history(projectId: string, options: { limit?: number } = {}): Promise<PolicyVersion[]> {
      if (!isUuid(projectId)) return [];
      return db
        .select()
        .from(policyVersions)
        .where(ofProject(projectId))
        .orderBy(desc(policyVersions.version))
        .limit(options.limit ?? 100);
    },

    async latest(projectId: string): Promise<PolicyVersion | null> {
      const [row] = await repo.history(projectId, { limit: 1 });
      return row ?? null;
    },

    async get(projectId: string, version: number): Promise<PolicyVersion | null> {
      if (!isUuid(projectId)) return null;
      const [row] = await db
        .select()
        .from(policyVersions)
        .where(and(ofProject(projectId), eq(policyVersions.version, version)));
      return row ?? null;
    },

    /** Saves the text of an old version as the newest one; history is kept whole. */
    async rollback(projectId: string, version: number, authorId?: string | null): Promise<PolicyVersion> {
      const old = await repo.get(projectId, version);
      if (!old)
        throw new StoreError('not_found', `policy version ${version} of project \`${projectId}\` not found`);
      return repo.save(projectId, { yaml: old.yaml, authorId, comment: `rollback to version ${version}` });
    },
  };
  return repo;
}

export type PoliciesRepo = ReturnType<typeof policiesRepo>;
