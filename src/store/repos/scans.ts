import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { scanResults } from '../schema/index.js';
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

    /** Newest first; one target's history when given. */
    async list(options: { target?: string; limit?: number } = {}): Promise<ScanResult[]> {
      const where =
        options.target !== undefined
          ? and(eq(scanResults.orgId, orgId), eq(scanResults.target, options.target))
          : eq(scanResults.orgId, orgId);
      return db
        .select()
        .from(scanResults)
        .where(where)
        .orderBy(desc(scanResults.createdAt))
        .limit(options.limit ?? 100);
    },
  };
}

export type ScansRepo = ReturnType<typeof scansRepo>;
