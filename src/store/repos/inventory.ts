import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db.js';
import { isUuid } from '../ids.js';
import { agents, mcpServers, RISK_LEVELS } from '../schema/index.js';

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

/** What a report changed: each server with its score before this report (`null` when it is new). */
export type ReportResult = { agent: Agent; servers: { server: McpServer; previousScore: number | null }[] };

/** The organisation's agents and the MCP servers they found. */
export function inventoryRepo(db: Db, orgId: string) {
  return {
    /** Records an agent's report: the agent is seen now, each server inserted or brought up to date. */
    async report(input: {
      hostname: string;
      os: string;
      agentVersion?: string | null;
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
        const fingerprints = input.servers.map((s) => s.fingerprint);
        const before =
          fingerprints.length === 0
            ? []
            : await tx
                .select({ fingerprint: mcpServers.fingerprint, riskScore: mcpServers.riskScore })
                .from(mcpServers)
                .where(
                  and(
                    eq(mcpServers.orgId, orgId),
                    eq(mcpServers.agentId, agent!.id),
                    inArray(mcpServers.fingerprint, fingerprints),
                  ),
                );
        const previous = new Map(before.map((r) => [r.fingerprint, r.riskScore]));
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
          servers.push({ server: server!, previousScore: previous.get(s.fingerprint) ?? null });
        }
        return { agent: agent!, servers };
      });
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
  };
}

export type InventoryRepo = ReturnType<typeof inventoryRepo>;
