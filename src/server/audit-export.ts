import { MAX_AUDIT_PAGE, type AuditFilter, type OrgRepos } from '../store/index.js';
import { CSV_HEADER, csvLine, jsonLine } from './audit-format.js';

export type ExportFormat = 'csv' | 'jsonl';

const FORMATS = {
  csv: { header: CSV_HEADER, line: csvLine, type: 'text/csv; charset=utf-8' },
  jsonl: { header: '', line: jsonLine, type: 'application/x-ndjson; charset=utf-8' },
};

/**
 * The whole filtered trail, newest first, as a download: the cursor is walked one page at a time, and
 * the next page is read only when the client has taken the previous one, so memory holds one page
 * whatever the trail's size.
 */
export function exportResponse(org: OrgRepos, filter: AuditFilter, format: ExportFormat): Response {
  const { header, line, type } = FORMATS[format];
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let first = true;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const page = await org.audit.list(filter, { limit: MAX_AUDIT_PAGE, cursor });
        const text = (first ? header : '') + page.items.map(line).join('');
        first = false;
        if (text) controller.enqueue(encoder.encode(text));
        cursor = page.nextCursor;
        if (!cursor) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  return new Response(body, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="mcpshield-audit-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
