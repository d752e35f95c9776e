import { and, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { otpCodes, users, type OtpPurpose } from '../schema/index.js';

export type OtpCode = typeof otpCodes.$inferSelect;

/** One-time codes of users; the auth service decides lengths, lifetimes and limits. */
export function otpCodesRepo(db: Db) {
  return {
    /**
     * Stores a new code and spends every earlier unspent code of the same purpose, so only the newest works.
     * With `limit`, refuses (returns null) when the user already had `limit.max` codes of this purpose since
     * `limit.since`; the user's row is locked meanwhile, so parallel requests cannot pass the limit together.
     */
    async issue(
      input: { userId: string; purpose: OtpPurpose; codeHash: string; expiresAt: Date },
      limit?: { max: number; since: Date },
    ): Promise<OtpCode | null> {
      const mine = and(eq(otpCodes.userId, input.userId), eq(otpCodes.purpose, input.purpose));
      return db.transaction(async (tx) => {
        if (limit) {
          await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for('update');
          const [row] = await tx
            .select({ n: count() })
            .from(otpCodes)
            .where(and(mine, gt(otpCodes.createdAt, limit.since)));
          if ((row?.n ?? 0) >= limit.max) return null;
        }
        await tx
          .update(otpCodes)
          .set({ consumedAt: new Date() })
          .where(and(mine, isNull(otpCodes.consumedAt)));
        const [row] = await tx.insert(otpCodes).values(input).returning();
        return row!;
      });
    },

    /** How many codes of this purpose the user was sent since `since`. */
    async countSince(userId: string, purpose: OtpPurpose, since: Date): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(otpCodes)
        .where(
          and(eq(otpCodes.userId, userId), eq(otpCodes.purpose, purpose), gt(otpCodes.createdAt, since)),
        );
      return row?.n ?? 0;
    },

    /** The newest unspent, unexpired code of this purpose, if any. */
    async active(userId: string, purpose: OtpPurpose, now = new Date()): Promise<OtpCode | null> {
      const [row] = await db
        .select()
        .from(otpCodes)
        .where(
          and(
            eq(otpCodes.userId, userId),
            eq(otpCodes.purpose, purpose),
            isNull(otpCodes.consumedAt),
            gt(otpCodes.expiresAt, now),
          ),
        )
        .orderBy(desc(otpCodes.createdAt))
        .limit(1);
      return row ?? null;
    },

    /**
     * Counts one guess against the code, atomically, unless `max` guesses were already made; returns
     * whether the guess may be checked.
     */
    async countAttempt(id: string, max: number): Promise<boolean> {
      const rows = await db
        .update(otpCodes)
        .set({ attempts: sql`${otpCodes.attempts} + 1` })
        .where(and(eq(otpCodes.id, id), lt(otpCodes.attempts, max), isNull(otpCodes.consumedAt)))
        .returning({ id: otpCodes.id });
      return rows.length > 0;
    },

    /** Spends the code; false when it was already spent (two right guesses at once: one wins). */
    async consume(id: string, at = new Date()): Promise<boolean> {
      const rows = await db
        .update(otpCodes)
        .set({ consumedAt: at })
        .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt)))
        .returning({ id: otpCodes.id });
      return rows.length > 0;
    },
  };
}

export type OtpCodesRepo = ReturnType<typeof otpCodesRepo>;
