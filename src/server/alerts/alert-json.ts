import type { Alert } from '../../store/index.js';

/** An alert as the API and webhooks show it. */
export const alertJson = (a: Alert) => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  status: a.resolvedAt ? ('resolved' as const) : ('open' as const),
  title: a.title,
  details: a.details,
  project_id: a.projectId,
  server_id: a.serverId,
  created_at: a.createdAt.toISOString(),
  resolved_at: a.resolvedAt?.toISOString() ?? null,
  resolved_by: a.resolvedBy,
});
