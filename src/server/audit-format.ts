import type { AuditEvent } from '../store/index.js';

/** One audit event as the API answers it. */
export function auditJson(e: AuditEvent) {
  return {
    id: e.id,
    event_id: e.eventId,
    project_id: e.projectId,
    timestamp: e.timestamp.toISOString(),
    received_at: e.receivedAt.toISOString(),
    decision: e.decision,
    method: e.method,
    server_name: e.serverName,
    tool_name: e.toolName,
    policy_rule_matched: e.rule,
    findings: e.findings,
    details: e.details,
  };
}

type AuditJson = ReturnType<typeof auditJson>;

const CSV_COLUMNS = [
  'id',
  'event_id',
  'project_id',
  'timestamp',
  'received_at',
  'decision',
  'method',
  'server_name',
  'tool_name',
  'policy_rule_matched',
  'findings',
  'details',
] as const satisfies readonly (keyof AuditJson)[];

/** The header line of the CSV export. */
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a
 * leading `'`: tool and server names come from MCP servers, which may be hostile.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One event as a CSV record (CRLF-terminated); findings and details as JSON text. */
export function csvLine(e: AuditEvent): string {
  const json = auditJson(e);
  return `${CSV_COLUMNS.map((column) => csvField(json[column])).join(',')}\r\n`;
}

/** One event as a JSON line. */
export function jsonLine(e: AuditEvent): string {
  return `${JSON.stringify(auditJson(e))}\n`;
}
