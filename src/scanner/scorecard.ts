import type { Grade, Scorecard } from './report.js';
import {
  FAMILIES,
  SEVERITY_RANK,
  type Check,
  type OwaspMcp,
  type ScanFinding,
  type Severity,
} from './types.js';

const OWASP: readonly OwaspMcp[] = [
  'MCP01',
  'MCP02',
  'MCP03',
  'MCP04',
  'MCP05',
  'MCP06',
  'MCP07',
  'MCP08',
  'MCP09',
  'MCP10',
];
const WEIGHT: Record<Severity, number> = { critical: 40, high: 20, medium: 8, low: 3, info: 0 };

/**
 * 100 minus a weight per finding id (its worst severity: critical 40, high 20, medium 8, low 3), plus a
 * quarter of that for each further occurrence, at most twice the weight per id: ten unconstrained path
 * parameters are one problem, not ten. Never below 0.
 */
export function score(findings: readonly ScanFinding[]): number {
  const byId = new Map<string, { worst: Severity; n: number }>();
  for (const f of findings) {
    const e = byId.get(f.id);
    if (!e) byId.set(f.id, { worst: f.severity, n: 1 });
    else {
      e.n += 1;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[e.worst]) e.worst = f.severity;
    }
  }
  let penalty = 0;
  for (const { worst, n } of byId.values()) {
    const w = WEIGHT[worst];
    penalty += Math.min(2 * w, w + (w / 4) * (n - 1));
  }
  return Math.max(0, Math.round(100 - penalty));
}

/** A 90+, B 75+, C 60+, D 40+, F below; a critical finding caps the grade at D. */
export function grade(value: number, findings: readonly ScanFinding[]): Grade {
  const g: Grade = value >= 90 ? 'A' : value >= 75 ? 'B' : value >= 60 ? 'C' : value >= 40 ? 'D' : 'F';
  return findings.some((f) => f.severity === 'critical') && g < 'D' ? 'D' : g;
}

export function scorecard(findings: readonly ScanFinding[], catalog: readonly Check[]): Scorecard {
  const owasp = Object.fromEntries(
    OWASP.map((o) => [o, { status: 'clear' as const, ids: [] as string[] }]),
  ) as Scorecard['owasp'];
  const families = Object.fromEntries(
    FAMILIES.map((f) => [
      f,
      { checks: catalog.filter((c) => c.meta.family === f).length, findings: 0, highest: null },
    ]),
  ) as Scorecard['families'];
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    if (f.owasp) {
      const o = owasp[f.owasp];
      o.status = 'findings';
      if (!o.ids.includes(f.id)) o.ids.push(f.id);
    }
    const fam = families[f.family];
    fam.findings += 1;
    if (!fam.highest || SEVERITY_RANK[f.severity] > SEVERITY_RANK[fam.highest]) fam.highest = f.severity;
  }
  return { owasp, families, bySeverity };
}
