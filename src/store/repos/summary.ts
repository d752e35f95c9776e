import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { agents, auditEvents, mcpServers, type AuditDecision, RISK_LEVELS } from '../schema/index.js';

type RiskLevel = (typeof RISK_LEVELS)[number];

/** Counts across the organisation's tables for the dashboard's summary, one grouped query each. */
export function summaryRepo(db: Db, orgId: string) {
  return {
    /** Decisions between `from` (inclusive) and `to` (exclusive), by decision; none is 0. */
    async decisions(from: Date, to: Date): Promise<Record<AuditDecision, number>> {
      const rows = await db
        .select({ decision: auditEvents.decision, count: sql<number>`count(*)::int` })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.orgId, orgId), gte(auditEvents.timestamp, from), lt(auditEvents.timestamp, to)),
        )
        .groupBy(auditEvents.decision);
      const out: Record<AuditDecision, number> = { allow: 0, deny: 0 };
      for (const r of rows) out[r.decision] = Number(r.count);
      return out;
    },

    /** The inventory's servers by risk level; every level is present. */
    async serversByLevel(): Promise<Record<RiskLevel, number>> {
      const rows = await db
        .select({ level: mcpServers.riskLevel, count: sql<number>`count(*)::int` })
        .from(mcpServers)
        .where(eq(mcpServers.orgId, orgId))
        .groupBy(mcpServers.riskLevel);
      const out = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
      for (const r of rows) out[r.level] = Number(r.count);
      return out;
    },

    /** Agents that reported at or after `since`. */
    async agentsSeenSince(since: Date): Promise<number> {
      return db.$count(agents, and(eq(agents.orgId, orgId), gte(agents.lastSeenAt, since)));
    },
  };
}

export type SummaryRepo = ReturnType<typeof summaryRepo>;
