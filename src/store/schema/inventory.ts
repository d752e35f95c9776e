import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.js';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** A laptop or server running `mcpshield agent`, known by its hostname within the organisation. */
export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    hostname: text('hostname').notNull(),
    os: text('os').notNull(),
    agentVersion: text('agent_version'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('agents_org_hostname_key').on(t.orgId, t.hostname)],
);

/**
 * The inventory: one MCP server configured in one AI client on one agent's machine. `fingerprint` is the
 * discovery's stable identity of the server; `config` is the configuration with secret values removed
 * before it reaches the store.
 */
export const mcpServers = pgTable(
  'mcp_servers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    fingerprint: text('fingerprint').notNull(),
    name: text('name').notNull(),
    client: text('client'),
    transport: text('transport'),
    riskScore: integer('risk_score').notNull(),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    riskFactors: jsonb('risk_factors').$type<unknown[]>().notNull().default([]),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('mcp_servers_identity_key').on(t.orgId, t.agentId, t.fingerprint),
    index('mcp_servers_org_risk_idx').on(t.orgId, t.riskScore.desc()),
    check('mcp_servers_risk_score_check', sql`${t.riskScore} between 0 and 100`),
    check('mcp_servers_risk_level_check', sql`${t.riskLevel} in ('low', 'medium', 'high', 'critical')`),
  ],
);

/** Something a security team should look at (a risky new server, a rug pull, a burst of denials). */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id'),
    serverId: uuid('server_id').references(() => mcpServers.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    title: text('title').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('alerts_org_open_idx').on(t.orgId, t.resolvedAt, t.createdAt.desc()),
    check('alerts_severity_check', sql`${t.severity} in ('info', 'low', 'medium', 'high', 'critical')`),
  ],
);

/** A scanner report pushed to the control plane: the scorecard's figures plus the whole JSON report. */
export const scanResults = pgTable(
  'scan_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id'),
    target: text('target').notNull(),
    score: integer('score').notNull(),
    grade: text('grade').notNull(),
    findingsCount: integer('findings_count').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scan_results_org_target_idx').on(t.orgId, t.target, t.createdAt.desc())],
);
