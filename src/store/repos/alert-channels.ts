import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { isUuid } from '../ids.js';
import { alertChannels, CHANNEL_KINDS } from '../schema/index.js';

export type AlertChannel = typeof alertChannels.$inferSelect;
export type NewAlertChannel =
  | { kind: 'email'; target: string; createdBy?: string | null }
  | { kind: 'webhook'; target: string; secret: string; createdBy?: string | null };
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Where the organisation's alerts are delivered: email addresses and signed webhooks. */
export function alertChannelsRepo(db: Db, orgId: string) {
  return {
    async create(input: NewAlertChannel): Promise<AlertChannel> {
      const [row] = await db
        .insert(alertChannels)
        .values({
          orgId,
          kind: input.kind,
          target: input.target,
          secret: input.kind === 'webhook' ? input.secret : null,
          createdBy: input.createdBy ?? null,
        })
        .returning();
      return row!;
    },

    /** Oldest first: the order they were added in. */
    async list(): Promise<AlertChannel[]> {
      return db
        .select()
        .from(alertChannels)
        .where(eq(alertChannels.orgId, orgId))
        .orderBy(asc(alertChannels.createdAt), asc(alertChannels.id));
    },

    /** True when the channel existed here and is gone. */
    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const rows = await db
        .delete(alertChannels)
        .where(and(eq(alertChannels.orgId, orgId), eq(alertChannels.id, id)))
        .returning({ id: alertChannels.id });
      return rows.length > 0;
    },
  };
}

export type AlertChannelsRepo = ReturnType<typeof alertChannelsRepo>;
