import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/require-key.js';
import { requireMember } from '../auth/require-member.js';
import type { Deps } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody, readQuery } from '../validate.js';
import type { ScanResult } from '../../store/index.js';

const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** A report as `mcpshield scan --format json` prints it: its fixed fields checked, the rest kept as is. */
const ScanReport = z.looseObject({
  target: z.string().min(1).max(2048),
  status: z.enum(['ok', 'error']),
  error: z.string().max(10_000).optional(),
  findings: z
    .array(
      z.looseObject({
        id: z.string().min(1).max(64),
        severity: z.enum(SEVERITIES),
        owasp: z.string().max(16).nullable().optional(),
      }),
    )
    .max(10_000),
  score: z.number().int().min(0).max(100),
  grade: z.enum(['A', 'B', 'C', 'D', 'F']),
  scannedAt: z.iso.datetime().optional(),
});

const ListQuery = z.object({
  target: z.string().min(1).max(2048).optional(),
  project_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const KeyListQuery = ListQuery.omit({ project_id: true });

const summaryJson = (s: ScanResult) => {
  const report = s.report as { status?: unknown; scannedAt?: unknown };
  return {
    id: s.id,
    project_id: s.projectId,
    target: s.target,
    status: report.status === 'error' ? 'error' : 'ok',
    score: s.score,
    grade: s.grade,
    findings_count: s.findingsCount,
    scanned_at: typeof report.scannedAt === 'string' ? report.scannedAt : null,
    created_at: s.createdAt.toISOString(),
  };
};
const scanJson = (s: ScanResult) => ({ ...summaryJson(s), report: s.report });

const notFound = (id: string) => new ApiError(404, 'not_found', `scan \`${id}\` not found`);

/**
 * Scanner history in the control plane: CI pushes reports with a project's key (`/v1/scans`) and reads its
 * project's history back for `scan list` and `scan diff`; members read the organisation's (`/scans`).
 */
export function scanRoutes(deps: Deps) {
  const key = requireKey(deps);
  const member = requireMember(deps);
  return new Hono()
    .post('/v1/scans', key, async (c) => {
      const report = await readBody(c, ScanReport);
      const saved = await c.get('org').scans.save({
        projectId: c.get('projectId'),
        target: report.target,
        score: report.score,
        grade: report.grade,
        findingsCount: report.findings.length,
        report,
      });
      return c.json(summaryJson(saved), 201);
    })
    .get('/v1/scans', key, async (c) => {
      const q = readQuery(c, KeyListQuery);
      const items = await c.get('org').scans.list({ ...q, projectId: c.get('projectId') });
      return c.json({ items: items.map(summaryJson) });
    })
    .get('/v1/scans/:id', key, async (c) => {
      const scan = await c.get('org').scans.get(c.req.param('id'));
      if (!scan || scan.projectId !== c.get('projectId')) throw notFound(c.req.param('id'));
      return c.json(scanJson(scan));
    })
    .get('/scans', member, async (c) => {
      const { project_id, ...q } = readQuery(c, ListQuery);
      const items = await c.get('org').scans.list({ ...q, projectId: project_id });
      return c.json({ items: items.map(summaryJson) });
    })
    .get('/scans/:id', member, async (c) => {
      const scan = await c.get('org').scans.get(c.req.param('id'));
      if (!scan) throw notFound(c.req.param('id'));
      return c.json(scanJson(scan));
    });
}

const summary = '`{id, project_id, target, status, score, grade, findings_count, scanned_at, created_at}`';
export const scanDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/v1/scans',
    auth: 'key',
    tag: 'scans',
    summary: "Store a scan report (as `mcpshield scan --format json` prints it) in the key's project",
    body: ScanReport,
    responses: { 201: summary, 401: 'no valid API key', 422: 'not a scan report' },
  },
  {
    method: 'GET',
    path: '/v1/scans',
    auth: 'key',
    tag: 'scans',
    summary: "The key's project's scans, newest first",
    query: KeyListQuery,
    responses: { 200: '`{items}`', 401: 'no valid API key' },
  },
  {
    method: 'GET',
    path: '/v1/scans/:id',
    auth: 'key',
    tag: 'scans',
    summary: "One scan of the key's project, with its report",
    responses: { 200: `${summary} and \`report\``, 404: 'no such scan in this project' },
  },
  {
    method: 'GET',
    path: '/scans',
    auth: 'user',
    tag: 'scans',
    summary: "The organisation's scans, newest first (by `target` or `project_id` when given)",
    query: ListQuery,
    responses: { 200: '`{items}`' },
  },
  {
    method: 'GET',
    path: '/scans/:id',
    auth: 'user',
    tag: 'scans',
    summary: 'One scan, with its report',
    responses: { 200: `${summary} and \`report\``, 404: 'no such scan' },
  },
];
