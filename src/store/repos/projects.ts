import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { isUuid } from '../ids.js';
import { projects, type Environment } from '../schema/index.js';

export type Project = typeof projects.$inferSelect;

/** The projects of one organisation; another organisation's project id reads as absent. */
export function projectsRepo(db: Db, orgId: string) {
  const mine = (id: string) => and(eq(projects.orgId, orgId), eq(projects.id, id));
  return {
    async create(input: { name: string; environment?: Environment }): Promise<Project> {
      const [row] = await db
        .insert(projects)
        .values({ orgId, name: input.name, environment: input.environment ?? 'dev' })
        .returning();
      return row!;
    },

    async list(): Promise<Project[]> {
      return db.select().from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.createdAt));
    },

    async count(): Promise<number> {
      return db.$count(projects, eq(projects.orgId, orgId));
    },

    async get(id: string): Promise<Project | null> {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(projects).where(mine(id));
      return row ?? null;
    },

    async update(id: string, patch: { name?: string; environment?: Environment }): Promise<Project | null> {
      if (!isUuid(id)) return null;
      const [row] = await db
        .update(projects)
        .set({ ...patch, updatedAt: new Date() })
        .where(mine(id))
        .returning();
      return row ?? null;
    },

    /** Deletes the project with its policy versions and keys; its audit events stay. */
    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const rows = await db.delete(projects).where(mine(id)).returning({ id: projects.id });
      return rows.length > 0;
    },
  };
}

export type ProjectsRepo = ReturnType<typeof projectsRepo>;
