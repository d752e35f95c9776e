import { applyBaseline, type Suppression } from './baseline.js';
import { checks } from './checks/index.js';
import { collect, type CollectOptions, type Target } from './collect.js';
import { shown } from './lib/mask.js';
import type { ScanReport } from './report.js';
import { grade, score, scorecard } from './scorecard.js';
import type { Snapshot } from './snapshot.js';
import { SEVERITY_RANK, type Check, type ScanFinding } from './types.js';

export type ScanOptions = CollectOptions & { baseline?: Suppression[] };

/**
 * Runs every check of the catalog on a snapshot: findings sorted by severity, then id, and the checks that
 * failed (a failing check makes the report an error: a scan with a blind spot is not a clean scan).
 */
export function runChecks(
  snapshot: Snapshot,
  catalog: readonly Check[] = Object.values(checks),
): { findings: ScanFinding[]; failed: string[] } {
  const out: ScanFinding[] = [];
  const failed: string[] = [];
  for (const c of catalog) {
    let hits;
    try {
      hits = c.run(snapshot);
    } catch (e) {
      failed.push(`${c.meta.id}: ${(e as Error).message}`);
      continue;
    }
    for (const hit of hits) {
      out.push({
        id: c.meta.id,
        severity: hit.severity ?? c.meta.severity,
        owasp: c.meta.owasp,
        title: c.meta.title,
        family: c.meta.family,
        location: shown(hit.location, 300),
        evidence: shown(hit.evidence, 300),
        remediation: c.meta.remediation.text,
        references: [...c.meta.references],
        cwe: [...c.meta.cwe],
      });
    }
  }
  out.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id));
  return { findings: out, failed };
}

/** The report of a snapshot (and the collection error, if the target could not be scanned). */
export function buildReport(
  snapshot: Snapshot,
  opts: { error: string | null; baseline?: Suppression[]; startedAt: Date; durationMs: number },
): ScanReport {
  const catalog = Object.values(checks);
  const { findings, failed } = runChecks(snapshot, catalog);
  const { kept, suppressed } = applyBaseline(findings, opts.baseline ?? []);
  const error = opts.error ?? (failed.length ? `checks failed: ${failed.join('; ')}` : null);
  const value = error ? 0 : score(kept);
  return {
    target: snapshot.target,
    status: error ? 'error' : 'ok',
    ...(error ? { error } : {}),
    findings: kept,
    score: value,
    grade: error ? 'F' : grade(value, kept),
    transport: snapshot.transport,
    server: snapshot.server
      ? {
          name: snapshot.server.name,
          version: snapshot.server.version,
          protocolVersion: snapshot.server.protocolVersion,
        }
      : null,
    counts: {
      tools: snapshot.tools.length,
      prompts: snapshot.prompts.length,
      resources: snapshot.resources.length + snapshot.resourceTemplates.length,
      checks: catalog.length,
    },
    scorecard: scorecard(kept, catalog),
    suppressed,
    scannedAt: opts.startedAt.toISOString(),
    durationMs: opts.durationMs,
  };
}

/** Collects a target and reports on it. An unreachable target gives `status: error`, never a clean report. */
export async function scan(
  target: Target,
  opts: ScanOptions,
): Promise<{ report: ScanReport; stderr: string; snapshot: Snapshot }> {
  const startedAt = new Date();
  const t0 = performance.now();
  const { snapshot, error, stderr } = await collect(target, opts);
  const report = buildReport(snapshot, {
    error,
    baseline: opts.baseline,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });
  return { report, stderr, snapshot };
}
