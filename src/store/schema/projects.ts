import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, id, orgId, time, updatedAt } from './columns.js';

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A project groups gateways under one policy. `(org_id, id)` is unique so children can reference both. */
export const projects = pgTable(
  'projects',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull().default('dev'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('projects_org_id_id_key').on(t.orgId, t.id),
    check('projects_environment_check', sql`${t.environment} in ('dev', 'staging', 'prod')`),
  ],
);

/**
 * Every policy ever saved for a project, numbered from 1; the highest version is the live one. Rows are
 * never updated: a rollback saves the old text again as a new version.
 */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: id(),
    orgId: uuid('org_id').notNull(),
    projectId: uuid('project_id').notNull(),
    version: integer('version').notNull(),
    yaml: text('yaml').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('policy_versions_project_version_key').on(t.orgId, t.projectId, t.version),
    foreignKey({
      name: 'policy_versions_project_fk',
      columns: [t.orgId, t.projectId],
      foreignColumns: [projects.orgId, projects.id],
    }).onDelete('cascade'),
  ],
);

/**
 * Machine credentials of a project. Only the SHA-256 of the key is stored; `prefix` is the start of the key,
 * kept so people can tell their keys apart.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: uuid('org_id').notNull(),
    projectId: uuid('project_id').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: time('last_used_at'),
    revokedAt: time('revoked_at'),
  },
  (t) => [
    index('api_keys_project_idx').on(t.orgId, t.projectId),
    foreignKey({
      name: 'api_keys_project_fk',
      columns: [t.orgId, t.projectId],
      foreignColumns: [projects.orgId, projects.id],
    }).onDelete('cascade'),
  ],
);
