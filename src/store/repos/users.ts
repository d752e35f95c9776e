import { eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { pgCode, StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { profiles, users } from '../schema/index.js';

export type User = typeof users.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type NewUser = { email: string; passwordHash?: string; firstName?: string; lastName?: string };

/** People are not owned by one organisation, so this repository is the store's, not an organisation's. */
export function usersRepo(db: Db) {
  return {
    /** Creates the user and an empty profile; a taken email is a `conflict`. */
    async create(input: NewUser): Promise<User> {
      const email = input.email.trim().toLowerCase();
      try {
        return await db.transaction(async (tx) => {
          const [user] = await tx
            .insert(users)
            .values({ email, passwordHash: input.passwordHash ?? null })
            .returning();
          await tx
            .insert(profiles)
            .values({ userId: user!.id, firstName: input.firstName ?? '', lastName: input.lastName ?? '' });
          return user!;
        });
      } catch (err) {
        if (pgCode(err) === '23505')
          throw new StoreError('conflict', `a user with email \`${email}\` already exists`);
        throw err;
      }
    },

    async get(id: string): Promise<User | null> {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },

    async findByEmail(email: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
      return row ?? null;
    },

    async profile(userId: string): Promise<Profile | null> {
      if (!isUuid(userId)) return null;
      const [row] = await db.select().from(profiles).where(eq(profiles.userId, userId));
      return row ?? null;
    },

    async markEmailVerified(userId: string, at = new Date()): Promise<void> {
      await db.update(users).set({ emailVerifiedAt: at, updatedAt: at }).where(eq(users.id, userId));
    },

    /** Changes the names of the profile; fields left out stay. */
    async updateProfile(userId: string, patch: { firstName?: string; lastName?: string }): Promise<void> {
      if (!isUuid(userId)) return;
      await db
        .update(profiles)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(profiles.userId, userId));
    },

    async setPasswordHash(userId: string, passwordHash: string, at = new Date()): Promise<void> {
      await db.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, userId));
    },
  };
}

export type UsersRepo = ReturnType<typeof usersRepo>;
