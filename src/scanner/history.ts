import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanReport } from './report.js';
import type { ScanFinding } from './types.js';

export type ScanSummary = Pick<ScanReport, 'target' | 'status' | 'score' | 'grade' | 'scannedAt'> & {
  id: string;
  findings: number;
};

export type ScanDiff = { new: ScanFinding[]; fixed: ScanFinding[]; unchanged: ScanFinding[] };

/**
 * Past scans, one JSON file each (`<id>.json`, written atomically) in a directory: the local history.
 * The file is the report itself, the same text the control plane stores when a scan is sent there.
 */
export class ScanHistory {
  constructor(readonly dir: string) {}

  /** Stores a report and returns its id: the scan time and a random suffix, so ids sort by time. */
  save(report: ScanReport): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const stamp = report.scannedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const id = `${stamp}-${randomBytes(3).toString('hex')}`;
    const file = join(this.dir, `${id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    return id;
  }

  /** Every stored scan, newest first; files that are not reports are skipped. */
  list(): ScanSummary[] {
    if (!existsSync(this.dir)) return [];
    const out: ScanSummary[] = [];
    for (const f of readdirSync(this.dir).filter((n) => n.endsWith('.json'))) {
      try {
        const r = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as ScanReport;
        out.push({
          id: f.slice(0, -5),
          target: r.target,
          status: r.status,
          score: r.score,
          grade: r.grade,
          scannedAt: r.scannedAt,
          findings: r.findings.length,
        });
      } catch {
        // not a report
      }
    }
    return out.sort((a, b) => b.id.localeCompare(a.id));
  }

  /** A stored scan by id (or a unique prefix of one), or a report file by path. */
  read(ref: string): ScanReport {
    let file = ref;
    if (!existsSync(ref) || !ref.endsWith('.json')) {
      const matches = this.list().filter((s) => s.id.startsWith(ref));
      if (matches.length !== 1) {
        throw new Error(
          matches.length
            ? `scan \`${ref}\` is ambiguous (${matches.length} scans)`
            : `no scan \`${ref}\` in \`${this.dir}\``,
        );
      }
      file = join(this.dir, `${matches[0]!.id}.json`);
    }
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
    } catch (e) {
      throw new Error(`cannot read scan \`${file}\`: ${(e as Error).message}`);
    }
  }
}

/** Findings of `after` not in `before` (new), of `before` not in `after` (fixed), and in both. */
export function diffReports(before: ScanReport, after: ScanReport): ScanDiff {
  const key = (f: ScanFinding) => `${f.id}\0${f.location}\0${f.evidence}`;
  const was = new Set(before.findings.map(key));
  const is = new Set(after.findings.map(key));
  return {
    new: after.findings.filter((f) => !was.has(key(f))),
    fixed: before.findings.filter((f) => !is.has(key(f))),
    unchanged: after.findings.filter((f) => was.has(key(f))),
  };
}
