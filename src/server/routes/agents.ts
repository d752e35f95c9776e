import { Hono } from 'hono';
import { alertJson } from '../alerts/index.js';
import { requireKey } from '../auth/require-key.js';
import { requireMember } from '../auth/require-member.js';
import type { Deps } from '../context.js';
import { serverFlags } from '../inventory/flags.js';
import { AgentReport, toReportedServer } from '../inventory/report-body.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';
import type { Agent, ReportedServer } from '../../store/index.js';

export const agentJson = (a: Agent) => ({
  id: a.id,
  hostname: a.hostname,
  os: a.os,
  agent_version: a.agentVersion,
  first_seen_at: a.firstSeenAt.toISOString(),
  last_seen_at: a.lastSeenAt.toISOString(),
});

/** Agents report the MCP servers of their machine (API key); members list the agents. */
export function agentRoutes(deps: Deps) {
  return new Hono()
    .post('/report', requireKey(deps), async (c) => {
      const body = await readBody(c, AgentReport);
      const org = c.get('org');
      // One row per identity: the same server listed twice in a report is stored once (the last wins).
      const servers = new Map<string, ReportedServer>();
      for (const s of body.inventory.servers) {
        const reported = toReportedServer(body.host.fingerprint, s);
        servers.set(reported.fingerprint, reported);
      }
      const result = await org.inventory.report({
        hostname: body.host.hostname,
        os: body.host.os,
        agentVersion: body.host.agent_version ?? null,
        reportId: body.report_id,
        servers: [...servers.values()],
      });
      const kev = await deps.kev.index();
      const alerts = await deps.alerting.onReport(org, {
        agent: result.agent,
        servers: result.servers.map((s) => ({ ...s, flags: serverFlags(s.server.config, kev) })),
      });
      return c.json({
        agent_id: result.agent.id,
        duplicate: result.duplicate,
        servers: result.servers.length,
        new: result.servers.filter((s) => s.previousScore === null).length,
        changed: result.servers.filter((s) => s.changed).length,
        alerts: alerts.map(alertJson),
      });
    })
    .get('/', requireMember(deps), async (c) =>
      c.json({ items: (await c.get('org').inventory.agents()).map(agentJson) }),
    );
}

export const agentDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/agents/report',
    auth: 'key',
    tag: 'inventory',
    summary:
      "An agent's inventory (`mcpshield discover --format json`) with its host; a replayed `report_id` is applied once",
    body: AgentReport,
    responses: {
      200: '`{agent_id, duplicate, servers, new, changed, alerts}`',
      401: 'no valid API key',
      422: 'invalid body',
    },
  },
  {
    method: 'GET',
    path: '/agents',
    auth: 'user',
    tag: 'inventory',
    summary: "The organisation's agents, most recently seen first",
    responses: { 200: '`{items}`' },
  },
];
