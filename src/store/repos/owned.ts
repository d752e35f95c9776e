import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db.js';
import { StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { mcpServers, projects } from '../schema/index.js';

const TABLES = { project: projects, server: mcpServers };

/**
 * Fails with `not_found` unless every id names a row of this organisation: a reference to another
 * organisation's project or server is refused before it is stored. Empty and missing ids pass.
 */
export async function assertOwned(
  db: Db,
  orgId: string,
  kind: keyof typeof TABLES,
  ids: (string | null | undefined)[],
): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const table = TABLES[kind];
  const found = wanted.every(isUuid)
    ? await db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.orgId, orgId), inArray(table.id, wanted)))
    : [];
  const known = new Set(found.map((r) => r.id));
  const missing = wanted.find((id) => !known.has(id));
  if (missing) throw new StoreError('not_found', `${kind} \`${missing}\` not found`);
}
