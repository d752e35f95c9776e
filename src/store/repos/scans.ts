import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { scanResults } from '../schema/index.js';
import { isUuid } from '../ids.js';
import { assertOwned } from './owned.js';

export type ScanResult = typeof scanResults.$inferSelect;
export type NewScanResult = Omit<typeof scanResults.$inferInsert, 'id' | 'orgId' | 'createdAt'>;

/** Scanner reports pushed to the control plane, kept as history per target. */
export function scansRepo(db: Db, orgId: string) {
  return {
    async save(input: NewScanResult): Promise<ScanResult> {
      await assertOwned(db, orgId, 'project', [input.projectId]);
      const [row] = await db
        .insert(scanResults)
        .values({ ...input, orgId })
        .returning();
      return row!;
    },

    /** Newest first; one target's or one project's history when given. */
    async list(options: { target?: string; projectId?: string; limit?: number } = {}): Promise<ScanResult[]> {
      if (options.projectId !== undefined && !isUuid(options.projectId)) return [];
      const where = and(
        eq(scanResults.orgId, orgId),
        options.target !== undefined ? eq(scanResults.target, options.target) : undefined,
        options.projectId !== undefined ? eq(scanResults.projectId, options.projectId) : undefined,
      );
      return db
        .select()
        .from(scanResults)
        .where(where)
        .orderBy(desc(scanResults.createdAt), desc(scanResults.id))
        .limit(options.limit ?? 100);
    },

    /** One scan of the organisation, or `null` (another organisation's id too). */
    async get(id: string): Promise<ScanResult | null> {
      if (!isUuid(id)) return null;
      const [row] = await db
        .select()
        .from(scanResults)
        .where(and(eq(scanResults.orgId, orgId), eq(scanResults.id, id)));
      return row ?? null;
    },
  };
}

export type ScansRepo = ReturnType<typeof scansRepo>;
