import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db.js';
import { refreshTokens } from '../schema/index.js';

export type RefreshToken = typeof refreshTokens.$inferSelect;

/** What presenting a refresh token led to. */
export type Rotation =
  | { status: 'rotated'; userId: string; familyId: string }
  | { status: 'reused'; userId: string; familyId: string }
  | { status: 'expired' | 'revoked' | 'unknown' };

/** Refresh tokens by their hash, in families that rotate and are revoked as a whole. */
export function refreshTokensRepo(db: Db) {
  return {
    /** Stores a token; without `familyId` it starts a new family (a login). */
    async create(input: {
      userId: string;
      tokenHash: string;
      expiresAt: Date;
      familyId?: string;
    }): Promise<RefreshToken> {
      const familyId = input.familyId ?? randomUUID();
      const [row] = await db
        .insert(refreshTokens)
        .values({ ...input, familyId })
        .returning();
      return row!;
    },

    /**
     * Spends the token of `tokenHash` and stores its successor `next` in the same family, in one
     * transaction. A token that was already spent is a reuse: the whole family is revoked.
     */
    async rotate(
      tokenHash: string,
      next: { tokenHash: string; expiresAt: Date },
      now = new Date(),
    ): Promise<Rotation> {
      return db.transaction(async (tx) => {
        const [spent] = await tx
          .update(refreshTokens)
          .set({ usedAt: now })
          .where(
            and(
              eq(refreshTokens.tokenHash, tokenHash),
              isNull(refreshTokens.usedAt),
              isNull(refreshTokens.revokedAt),
            ),
          )
          .returning();
        if (spent) {
          if (spent.expiresAt <= now) return { status: 'expired' } as const;
          await tx.insert(refreshTokens).values({ userId: spent.userId, familyId: spent.familyId, ...next });
          return { status: 'rotated', userId: spent.userId, familyId: spent.familyId } as const;
        }
        const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
        if (!row) return { status: 'unknown' } as const;
        if (!row.usedAt) return { status: 'revoked' } as const;
        await tx
          .update(refreshTokens)
          .set({ revokedAt: now })
          .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
        return { status: 'reused', userId: row.userId, familyId: row.familyId } as const;
      });
    },

    /** Revokes the family of the token of `tokenHash` (a logout); false when no such token exists. */
    async revokeFamilyOf(tokenHash: string, at = new Date()): Promise<boolean> {
      const family = db
        .select({ familyId: refreshTokens.familyId })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      const rows = await db
        .update(refreshTokens)
        .set({ revokedAt: at })
        .where(and(inArray(refreshTokens.familyId, family), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return rows.length > 0;
    },

    /** Revokes every token of a user (a password reset ends every session). */
    async revokeAllOf(userId: string, at = new Date()): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: at })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    },

    /** Revokes every token of a family (a logout, or a reuse). */
    async revokeFamily(familyId: string, at = new Date()): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: at })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },
  };
}

export type RefreshTokensRepo = ReturnType<typeof refreshTokensRepo>;
