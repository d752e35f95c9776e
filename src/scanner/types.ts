import type { OwaspMcp, Severity } from '../detectors/types.js';

export type { OwaspMcp, Severity };

/** The families of the catalog; the scorecard reports each. */
export const FAMILIES = [
  'auth',
  'transport',
  'authorization',
  'tools',
  'configuration',
  'supply-chain',
  'toxic-flows',
  'drift',
] as const;
export type Family = (typeof FAMILIES)[number];

export type CheckMeta = {
  /** Stable across releases: `TOOL-001`. */
  id: string;
  title: string;
  family: Family;
  /** The severity of a typical finding (a finding may carry its own). */
  severity: Severity;
  /** OWASP MCP Top 10 (2025) category, or null where none fits. */
  owasp: OwaspMcp | null;
  cwe: readonly string[];
  /** The MCP specification, RFCs, advisories. */
  references: readonly string[];
  /** One paragraph: what is checked and why it matters. */
  description: string;
  remediation: { text: string; example: string; language: string };
};

/** What a check reports: where, what it saw, and optionally a severity other than the meta's. */
export type Hit = { location: string; evidence: string; severity?: Severity };

export type Check = {
  meta: CheckMeta;
  /** Pure: everything a check needs was observed before (see `snapshot.ts`). */
  run(target: import('./snapshot.js').Snapshot): Hit[];
};

export function defineCheck(check: Check): Check {
  return check;
}

/** One finding of the report. Field names are the fixed JSON contract. */
export type ScanFinding = {
  id: string;
  severity: Severity;
  owasp: OwaspMcp | null;
  title: string;
  family: Family;
  location: string;
  evidence: string;
  remediation: string;
  references: string[];
  cwe: string[];
};

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
