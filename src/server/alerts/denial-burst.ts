import type { AuditRule, Candidate } from './rule.js';

/** This many denials of one project within `BURST_WINDOW_MS` is a burst. */
export const BURST_DENIALS = 20;
export const BURST_WINDOW_MS = 60_000;

/** One project's recent denials (the last `BURST_DENIALS` times, oldest first) and when its burst ends. */
type Window = { times: number[]; quietUntil: number };

/**
 * A burst of blocked calls: `BURST_DENIALS` denials of one project within `BURST_WINDOW_MS` (by the
 * events' own times). One alert per burst: after raising, the project's next alert waits until a window
 * has passed since the burst began. Windows live in the process that stored the decisions.
 */
export const denialBurst: AuditRule = {
  on: 'audit',
  meta: {
    id: 'denial-burst',
    summary: `${BURST_DENIALS} or more denials within ${BURST_WINDOW_MS / 1000} s for one project`,
  },
  create() {
    const windows = new Map<string, Window>();
    return (facts) => {
      const out: Candidate[] = [];
      const denials = facts.events
        .filter((e) => e.decision === 'deny')
        .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      for (const event of denials) {
        const projectId = event.projectId ?? facts.projectId;
        const key = `${facts.orgId}:${projectId ?? '-'}`;
        const w = windows.get(key) ?? { times: [], quietUntil: -Infinity };
        windows.set(key, w);
        const t = event.timestamp.getTime();
        w.times.push(t);
        w.times.sort((a, b) => a - b);
        if (w.times.length > BURST_DENIALS) w.times.shift();
        const first = w.times[0]!;
        const newest = w.times[w.times.length - 1]!;
        if (w.times.length < BURST_DENIALS || newest - first > BURST_WINDOW_MS || t < w.quietUntil) continue;
        w.quietUntil = first + BURST_WINDOW_MS;
        const since = new Date(first).toISOString();
        out.push({
          kind: 'denial-burst',
          severity: 'high',
          title: `${BURST_DENIALS} calls denied within ${BURST_WINDOW_MS / 1000} s`,
          details: {
            denials: BURST_DENIALS,
            window_seconds: BURST_WINDOW_MS / 1000,
            since,
            until: new Date(newest).toISOString(),
            last_rule: event.rule ?? null,
            last_tool: event.toolName ?? null,
            last_server: event.serverName ?? null,
          },
          projectId,
          dedupKey: `denial-burst:${projectId ?? '-'}:${since}`,
        });
      }
      return out;
    };
  },
};
