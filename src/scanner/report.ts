import type { Family, OwaspMcp, ScanFinding, Severity } from './types.js';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** A finding left out by the baseline, with the reason written there. */
export type Suppressed = { id: string; location: string; reason: string };

export type Scorecard = {
  /** Each OWASP MCP Top 10 category: `clear`, or the ids of the findings filed under it. */
  owasp: Record<OwaspMcp, { status: 'clear' | 'findings'; ids: string[] }>;
  /** Each family of the catalog: checks run, findings, the highest severity found. */
  families: Record<Family, { checks: number; findings: number; highest: Severity | null }>;
  bySeverity: Record<Severity, number>;
};

/**
 * The report of one scan. `target`, `status`, `findings[].id|severity|owasp`, `score` and `grade` are the
 * fixed contract of docs/cli.md; the rest is added after them.
 */
export type ScanReport = {
  target: string;
  status: 'ok' | 'error';
  error?: string;
  findings: ScanFinding[];
  score: number;
  grade: Grade;
  transport: string;
  server: { name?: string; version?: string; protocolVersion?: string } | null;
  counts: { tools: number; prompts: number; resources: number; checks: number };
  scorecard: Scorecard;
  suppressed: Suppressed[];
  scannedAt: string;
  durationMs: number;
};
