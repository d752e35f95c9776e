import { Hono } from 'hono';
import { requireMember } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import type { RouteDoc } from '../route-docs.js';
import { SEVERITIES, type AuditEvent } from '../../store/index.js';

const DAY_MS = 86_400_000;

const denialJson = (e: AuditEvent) => ({
  id: e.id,
  event_id: e.eventId,
  timestamp: e.timestamp.toISOString(),
  project_id: e.projectId,
  server_name: e.serverName,
  tool_name: e.toolName,
  method: e.method,
  decision: e.decision,
  policy_rule_matched: e.rule,
});

/** One summary for the dashboard's first page. */
export function dashboardRoutes(deps: Deps) {
  return new Hono<MemberEnv>().get('/', requireMember(deps), async (c) => {
    const org = c.get('org');
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const [decisions, projects, servers, openAlerts, denials, agents] = await Promise.all([
      org.summary.decisions(monthStart, nextMonth),
      org.projects.count(),
      org.summary.serversByLevel(),
      org.alerts.openBySeverity(),
      org.audit.list({ decision: 'deny' }, { limit: 10 }),
      org.summary.agentsSeenSince(new Date(now.getTime() - DAY_MS)),
    ]);
    return c.json({
      month: monthStart.toISOString().slice(0, 7),
      events: { allowed: decisions.allow, denied: decisions.deny, total: decisions.allow + decisions.deny },
      projects,
      servers_by_level: servers,
      open_alerts: Object.fromEntries(SEVERITIES.map((s) => [s, openAlerts[s] ?? 0])),
      recent_denials: denials.items.map(denialJson),
      agents_seen_24h: agents,
    });
  });
}

export const dashboardDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/dashboard',
    auth: 'user',
    tag: 'dashboard',
    summary:
      "This month's decisions (allowed, denied), projects, servers by risk level, open alerts by severity, the last 10 denials, agents seen in 24 h",
    responses: {
      200: '`{month, events, projects, servers_by_level, open_alerts, recent_denials, agents_seen_24h}`',
    },
  },
];
