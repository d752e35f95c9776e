import { and, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { pgCode, StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { memberships, organizations, type Role } from '../schema/index.js';

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;

/** Creates an organisation with its first owner, in one transaction. */
export async function createOrganization(
  db: Db,
  input: { name: string; ownerId: string },
): Promise<Organization> {
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx.insert(organizations).values({ name: input.name }).returning();
      await tx.insert(memberships).values({ orgId: org!.id, userId: input.ownerId, role: 'owner' });
      return org!;
    });
  } catch (err) {
    if (pgCode(err) === '23503' || pgCode(err) === '22P02')
      throw new StoreError('not_found', `user \`${input.ownerId}\` not found`);
    throw err;
  }
}

/** The organisations a user belongs to, with the user's role in each. */
export async function organizationsOf(db: Db, userId: string): Promise<{ org: Organization; role: Role }[]> {
  if (!isUuid(userId)) return [];
  const rows = await db
    .select({ org: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(organizations.createdAt);
  return rows;
}

/** Every organisation's id, oldest first: for housekeeping that visits each one (retention). */
export async function organizationIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: organizations.id }).from(organizations).orderBy(organizations.createdAt);
  return rows.map((r) => r.id);
}

/** The organisation itself and its members. */
export function organizationRepo(db: Db, orgId: string) {
  const member = (userId: string) => and(eq(memberships.orgId, orgId), eq(memberships.userId, userId));
  return {
    async get(): Promise<Organization | null> {
      const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
      return row ?? null;
    },

    async rename(name: string): Promise<void> {
      await db.update(organizations).set({ name }).where(eq(organizations.id, orgId));
    },

    async members(): Promise<Membership[]> {
      return db.select().from(memberships).where(eq(memberships.orgId, orgId)).orderBy(memberships.createdAt);
    },

    async roleOf(userId: string): Promise<Role | null> {
      if (!isUuid(userId)) return null;
      const [row] = await db.select({ role: memberships.role }).from(memberships).where(member(userId));
      return row?.role ?? null;
    },

    /** Adds a member; one already in the organisation is a `conflict`. */
    async addMember(userId: string, role: Role): Promise<Membership> {
      try {
        const [row] = await db.insert(memberships).values({ orgId, userId, role }).returning();
        return row!;
      } catch (err) {
        if (pgCode(err) === '23505')
          throw new StoreError('conflict', `user \`${userId}\` is already a member`);
        if (pgCode(err) === '23503' || pgCode(err) === '22P02')
          throw new StoreError('not_found', `user \`${userId}\` not found`);
        throw err;
      }
    },

    async setRole(userId: string, role: Role): Promise<boolean> {
      if (!isUuid(userId)) return false;
      const rows = await db.update(memberships).set({ role }).where(member(userId)).returning();
      return rows.length > 0;
    },

    async removeMember(userId: string): Promise<boolean> {
      if (!isUuid(userId)) return false;
      const rows = await db.delete(memberships).where(member(userId)).returning();
      return rows.length > 0;
    },
  };
}

export type OrganizationRepo = ReturnType<typeof organizationRepo>;
