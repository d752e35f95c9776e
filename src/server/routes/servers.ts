import { Hono } from 'hono';
import { z } from 'zod';
import { requireMember } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { serverFlags } from '../inventory/flags.js';
import type { RouteDoc } from '../route-docs.js';
import { readQuery } from '../validate.js';
import { RISK_LEVELS } from '../../store/index.js';

const ServerQuery = z.object({
  level: z.enum(RISK_LEVELS).optional(),
  client: z.string().min(1).max(100).optional(),
  agent_id: z.string().min(1).max(100).optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The inventory: every MCP server the organisation's agents reported, with its risk and flags. */
export function serverRoutes(deps: Deps) {
  return new Hono<MemberEnv>().get('/servers', requireMember(deps), async (c) => {
    const { level, client, agent_id: agentId, q, limit } = readQuery(c, ServerQuery);
    const rows = await c.get('org').inventory.list({ level, client, agentId, q, limit });
    const kev = await deps.kev.index();
    return c.json({
      items: rows.map(({ server, agent }) => {
        const flags = serverFlags(server.config, kev);
        return {
          id: server.id,
          name: server.name,
          client: server.client,
          transport: server.transport,
          risk_score: server.riskScore,
          risk_level: server.riskLevel,
          risk_factors: server.riskFactors,
          config: server.config,
          agent_id: server.agentId,
          agent_hostname: agent?.hostname ?? null,
          first_seen_at: server.firstSeenAt.toISOString(),
          last_seen_at: server.lastSeenAt.toISOString(),
          // An empty list: not flagged.
          flags: {
            kev: flags.kev.map((k) => ({
              cve: k.cve,
              vendor: k.vendor,
              product: k.product,
              name: k.name,
              date_added: k.dateAdded,
              package: k.package,
              matched_by: k.matchedBy,
            })),
            advisories: flags.advisories,
          },
        };
      }),
    });
  });
}

export const serverDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/mcp/servers',
    auth: 'user',
    tag: 'inventory',
    summary:
      'The MCP servers agents reported, seen most recently first, with risk, agent, KEV and advisory flags',
    query: ServerQuery,
    responses: { 200: '`{items}`', 422: 'invalid query' },
  },
];
