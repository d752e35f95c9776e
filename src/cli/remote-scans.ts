import { existsSync, readFileSync } from 'node:fs';
import { callControlPlane, failureOf, type ControlPlane } from '../gateway/control-plane.js';
import type { ScanSummary } from '../scanner/history.js';
import type { ScanReport } from '../scanner/report.js';

/** A scan as `GET /api/v1/scans` lists it. */
type RemoteScan = {
  id: string;
  target: string;
  status: 'ok' | 'error';
  score: number;
  grade: ScanReport['grade'];
  findings_count: number;
  scanned_at: string | null;
  created_at: string;
};

async function answer<T>(res: Promise<Response>, what: string): Promise<T> {
  let r: Response;
  try {
    r = await res;
  } catch (e) {
    throw new Error(`${what}: the control plane cannot be reached (${await failureOf(e as Error)})`);
  }
  if (!r.ok) throw new Error(`${what}: ${await failureOf(r)}`);
  return (await r.json()) as T;
}

/** Stores a report in the key's project; returns the control plane's id for it. */
export async function sendScan(cp: ControlPlane, report: ScanReport): Promise<string> {
  const saved = await answer<{ id: string }>(
    callControlPlane(cp, '/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
    }),
    'cannot store the scan in the control plane',
  );
  return saved.id;
}

/** The key's project's scans, newest first, in the shape of the local history's list. */
export async function remoteScans(cp: ControlPlane, limit = 100): Promise<ScanSummary[]> {
  const { items } = await answer<{ items: RemoteScan[] }>(
    callControlPlane(cp, `/v1/scans?limit=${limit}`),
    'cannot list the scans of the control plane',
  );
  return items.map((s) => ({
    id: s.id,
    target: s.target,
    status: s.status,
    score: s.score,
    grade: s.grade,
    scannedAt: s.scanned_at ?? s.created_at,
    findings: s.findings_count,
  }));
}

/** A scan of the control plane by id (or a unique prefix of one among the newest 100), or a report file. */
export async function remoteReport(cp: ControlPlane, ref: string): Promise<ScanReport> {
  if (ref.endsWith('.json') && existsSync(ref)) return JSON.parse(readFileSync(ref, 'utf8')) as ScanReport;
  const matches = (await remoteScans(cp)).filter((s) => s.id.startsWith(ref));
  if (matches.length !== 1)
    throw new Error(
      matches.length
        ? `scan \`${ref}\` is ambiguous (${matches.length} scans)`
        : `no scan \`${ref}\` in the control plane ${cp.url}`,
    );
  const scan = await answer<{ report: ScanReport }>(
    callControlPlane(cp, `/v1/scans/${matches[0]!.id}`),
    `cannot read scan \`${ref}\``,
  );
  return scan.report;
}
