import { and, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { isUuid } from '../ids.js';
import { agentReports, agents, mcpServers, RISK_LEVELS } from '../schema/index.js';

export type Agent = typeof agents.$inferSelect;
export type McpServer = typeof mcpServers.$inferSelect;

/** One server of an agent's report; `config` must already be stripped of secret values. */
export type ReportedServer = {
  fingerprint: string;
  name: string;
  client?: string | null;
  transport?: string | null;
  riskScore: number;
  riskLevel: (typeof RISK_LEVELS)[number];
  riskFactors?: unknown[];
  config?: Record<string, unknown>;
};

/**
 * What a report changed: each server with its score before this report (`null` when it is new) and whether
 * anything of it (score, level, factors, configuration, transport) differs from before. `duplicate`: the
 * report's id was recorded already, nothing was applied and `servers` is empty.
 */
export type ReportResult = {
  agent: Agent;
  duplicate: boolean;
  servers: { server: McpServer; previousScore: number | null; changed: boolean }[];
};

/** The inventory's filters: exact risk level, client, agent; `q` is a case-insensitive name search. */
export type ServerFilter = {
  level?: (typeof RISK_LEVELS)[number];
  client?: string;
  agentId?: string;
  q?: string;
  limit?: number;
};

/** What a report may change of a server, compared to tell a changed server from one seen again. */
const comparable = (s: Pick<McpServer, 'riskScore' | 'riskLevel' | 'riskFactors' | 'config' | 'transport'>) =>
  canonical([s.riskScore, s.riskLevel, s.riskFactors, s.config, s.transport]);

/** JSON with object keys sorted, so two equal values read back from jsonb compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The organisation's agents and the MCP servers they found. */
export function inventoryRepo(db: Db, orgId: string) {
  return {
    /**
     * Records an agent's report: the agent is seen now, each server inserted or brought up to date. With a
     * `reportId` the report is applied once: the same id again only marks the agent seen.
     */
    async report(input: {
      hostname: string;
      os: string;
      agentVersion?: string | null;
      reportId?: string;
      servers: ReportedServer[];
      at?: Date;
    }): Promise<ReportResult> {
      const at = input.at ?? new Date();
      return db.transaction(async (tx) => {
        const [agent] = await tx
          .insert(agents)
          .values({ orgId, hostname: input.hostname, os: input.os, agentVersion: input.agentVersion ?? null })
          .onConflictDoUpdate({
            target: [agents.orgId, agents.hostname],
            set: { os: input.os, agentVersion: input.agentVersion ?? null, lastSeenAt: at },
          })
          .returning();
        if (input.reportId !== undefined) {
          const recorded = await tx
            .insert(agentReports)
            .values({
              orgId,
              agentId: agent!.id,
              reportId: input.reportId,
              servers: input.servers.length,
              receivedAt: at,
            })
            .onConflictDoNothing({ target: [agentReports.orgId, agentReports.reportId] })
            .returning({ id: agentReports.id });
          if (recorded.length === 0) return { agent: agent!, duplicate: true, servers: [] };
        }
        const fingerprints = input.servers.map((s) => s.fingerprint);
        const before =
          fingerprints.length === 0
            ? []
            : await tx
                .select()
                .from(mcpServers)
                .where(
                  and(
                    eq(mcpServers.orgId, orgId),
                    eq(mcpServers.agentId, agent!.id),
                    inArray(mcpServers.fingerprint, fingerprints),
                  ),
                );
        const previous = new Map(before.map((r) => [r.fingerprint, r]));
        const servers: ReportResult['servers'] = [];
        for (const s of input.servers) {
          const fields = {
            name: s.name,
            client: s.client ?? null,
            transport: s.transport ?? null,
            riskScore: s.riskScore,
            riskLevel: s.riskLevel,
            riskFactors: s.riskFactors ?? [],
            config: s.config ?? {},
          };
          const [server] = await tx
            .insert(mcpServers)
            .values({ orgId, agentId: agent!.id, fingerprint: s.fingerprint, ...fields })
            .onConflictDoUpdate({
              target: [mcpServers.orgId, mcpServers.agentId, mcpServers.fingerprint],
              set: { ...fields, lastSeenAt: at },
            })
            .returning();
          const old = previous.get(s.fingerprint);
          servers.push({
            server: server!,
            previousScore: old?.riskScore ?? null,
            changed: old !== undefined && comparable(old) !== comparable(server!),
          });
        }
        return { agent: agent!, duplicate: false, servers };
      });
    },

    /** How many reports of the organisation's agents were recorded (by report id). */
    async reportCount(agentId?: string): Promise<number> {
      if (agentId !== undefined && !isUuid(agentId)) return 0;
      const where = [eq(agentReports.orgId, orgId)];
      if (agentId) where.push(eq(agentReports.agentId, agentId));
      return db.$count(agentReports, and(...where));
    },

    async agents(): Promise<Agent[]> {
      return db.select().from(agents).where(eq(agents.orgId, orgId)).orderBy(desc(agents.lastSeenAt));
    },

    /** The inventory, riskiest first; one agent's servers when given. */
    async servers(options: { agentId?: string } = {}): Promise<McpServer[]> {
      if (options.agentId !== undefined && !isUuid(options.agentId)) return [];
      const where = options.agentId
        ? and(eq(mcpServers.orgId, orgId), eq(mcpServers.agentId, options.agentId))
        : eq(mcpServers.orgId, orgId);
      return db.select().from(mcpServers).where(where).orderBy(desc(mcpServers.riskScore), mcpServers.name);
    },

    /** The inventory for the dashboard: servers seen most recently first, each with its agent. */
    async list(filter: ServerFilter = {}): Promise<{ server: McpServer; agent: Agent | null }[]> {
      if (filter.agentId !== undefined && !isUuid(filter.agentId)) return [];
      const where: SQL[] = [eq(mcpServers.orgId, orgId)];
      if (filter.level) where.push(eq(mcpServers.riskLevel, filter.level));
      if (filter.client) where.push(eq(mcpServers.client, filter.client));
      if (filter.agentId) where.push(eq(mcpServers.agentId, filter.agentId));
      if (filter.q) where.push(ilike(mcpServers.name, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      const rows = await db
        .select({ server: mcpServers, agent: agents })
        .from(mcpServers)
        .leftJoin(agents, and(eq(agents.id, mcpServers.agentId), eq(agents.orgId, orgId)))
        .where(and(...where))
        .orderBy(desc(mcpServers.lastSeenAt), mcpServers.name, mcpServers.id)
        .limit(Math.min(Math.max(1, filter.limit ?? 500), 1000));
      return rows;
    },
  };
}

export type InventoryRepo = ReturnType<typeof inventoryRepo>;
