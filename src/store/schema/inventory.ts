import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, id, orgId, time } from './columns.js';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** A laptop or server running `mcpshield agent`, known by its hostname within the organisation. */
export const agents = pgTable(
  'agents',
  {
    id: id(),
    orgId: orgId(),
    hostname: text('hostname').notNull(),
    os: text('os').notNull(),
    agentVersion: text('agent_version'),
    firstSeenAt: time('first_seen_at').notNull().defaultNow(),
    lastSeenAt: time('last_seen_at').notNull().defaultNow(),
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
    id: id(),
    orgId: orgId(),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    fingerprint: text('fingerprint').notNull(),
    name: text('name').notNull(),
    client: text('client'),
    transport: text('transport'),
    riskScore: integer('risk_score').notNull(),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    riskFactors: jsonb('risk_factors').$type<unknown[]>().notNull().default([]),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: time('first_seen_at').notNull().defaultNow(),
    lastSeenAt: time('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    unique('mcp_servers_identity_key').on(t.orgId, t.agentId, t.fingerprint),
    index('mcp_servers_org_risk_idx').on(t.orgId, t.riskScore.desc()),
    check('mcp_servers_risk_score_check', sql`${t.riskScore} between 0 and 100`),
    check('mcp_servers_risk_level_check', sql`${t.riskLevel} in ('low', 'medium', 'high', 'critical')`),
  ],
);

/**
 * One report an agent sent, by the agent's own id for it (`report_id`): a report replayed from the agent's
 * spool after its answer was lost is recognised and not applied twice.
 */
export const agentReports = pgTable(
  'agent_reports',
  {
    id: id(),
    orgId: orgId(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    reportId: text('report_id').notNull(),
    servers: integer('servers').notNull(),
    receivedAt: time('received_at').notNull().defaultNow(),
  },
  (t) => [
    unique('agent_reports_org_report_key').on(t.orgId, t.reportId),
    index('agent_reports_agent_idx').on(t.orgId, t.agentId, t.receivedAt.desc()),
  ],
);

/**
 * Something a security team should look at (a risky new server, a rug pull, a burst of denials).
 * `dedup_key` names the thing an alert is about: at most one open alert per key.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    orgId: orgId(),
    projectId: uuid('project_id'),
    serverId: uuid('server_id').references(() => mcpServers.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    title: text('title').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    dedupKey: text('dedup_key'),
    createdAt: createdAt(),
    resolvedAt: time('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('alerts_org_open_idx').on(t.orgId, t.resolvedAt, t.createdAt.desc()),
    uniqueIndex('alerts_org_open_dedup_key')
      .on(t.orgId, t.dedupKey)
      .where(sql`${t.resolvedAt} is null and ${t.dedupKey} is not null`),
    check('alerts_severity_check', sql`${t.severity} in ('info', 'low', 'medium', 'high', 'critical')`),
  ],
);

export const CHANNEL_KINDS = ['email', 'webhook'] as const;

/**
 * Where an organisation's alerts are delivered: an email address, or a webhook URL with the secret that
 * signs each delivery (kept as is: signing needs it; it is shown once, at creation).
 */
export const alertChannels = pgTable(
  'alert_channels',
  {
    id: id(),
    orgId: orgId(),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    target: text('target').notNull(),
    secret: text('secret'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('alert_channels_org_idx').on(t.orgId, t.createdAt),
    check('alert_channels_kind_check', sql`${t.kind} in ('email', 'webhook')`),
    check('alert_channels_secret_check', sql`(${t.kind} = 'webhook') = (${t.secret} is not null)`),
  ],
);

/** A scanner report pushed to the control plane: the scorecard's figures plus the whole JSON report. */
export const scanResults = pgTable(
  'scan_results',
  {
    id: id(),
    orgId: orgId(),
    projectId: uuid('project_id'),
    target: text('target').notNull(),
    score: integer('score').notNull(),
    grade: text('grade').notNull(),
    findingsCount: integer('findings_count').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('scan_results_org_target_idx').on(t.orgId, t.target, t.createdAt.desc())],
);
