import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { id, orgId, time } from './columns.js';

export const DECISIONS = ['allow', 'deny'] as const;
export type AuditDecision = (typeof DECISIONS)[number];

/**
 * One decision of a gateway or of `/v1/inspect`. `event_id` is the sender's id, unique per organisation, so
 * a retried batch is stored once. `project_id` has no foreign key: the trail outlives a deleted project
 * (the repository checks the project belongs to the organisation on insert). Every filter of the audit list
 * has an index led by `org_id` and ending in the time, which is also the list's order.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    orgId: orgId(),
    projectId: uuid('project_id'),
    eventId: text('event_id').notNull(),
    timestamp: timestamp('timestamp', { withTimezone: true, precision: 3 }).notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    serverName: text('server_name'),
    toolName: text('tool_name'),
    method: text('method'),
    rule: text('rule'),
    findings: jsonb('findings').$type<unknown[]>().notNull().default([]),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: time('received_at').notNull().defaultNow(),
  },
  (t) => [
    unique('audit_events_org_event_key').on(t.orgId, t.eventId),
    index('audit_events_org_time_idx').on(t.orgId, t.timestamp.desc(), t.id.desc()),
    index('audit_events_project_time_idx').on(t.orgId, t.projectId, t.timestamp.desc()),
    index('audit_events_decision_time_idx').on(t.orgId, t.decision, t.timestamp.desc()),
    index('audit_events_server_time_idx').on(t.orgId, t.serverName, t.timestamp.desc()),
    index('audit_events_tool_time_idx').on(t.orgId, t.toolName, t.timestamp.desc()),
    index('audit_events_rule_time_idx').on(t.orgId, t.rule, t.timestamp.desc()),
    check('audit_events_decision_check', sql`${t.decision} in ('allow', 'deny')`),
  ],
);
