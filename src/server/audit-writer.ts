import type { AuditEventInput, OrgRepos } from '../store/index.js';
import type { Bus } from './bus.js';

/**
 * Stores a project's events (those already stored, by event id, are skipped), counts the new ones in the
 * month's `events` usage with any other counters given, and tells the bus which events were new.
 * Returns the new events.
 */
export async function writeEvents(
  bus: Bus,
  org: OrgRepos,
  projectId: string,
  events: AuditEventInput[],
  counters: Record<string, number> = {},
): Promise<AuditEventInput[]> {
  const added = new Set(await org.audit.insertNew(events));
  const inserted = events.filter((e) => added.delete(e.eventId));
  for (const [metric, by] of Object.entries({ events: inserted.length, ...counters }))
    if (by > 0) await org.usage.increment(metric, by);
  if (inserted.length > 0) bus.emit('audit', { orgId: org.orgId, projectId, events: inserted });
  return inserted;
}
