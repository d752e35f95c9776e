import { checks } from '../checks/index.js';
import type { ScanReport } from '../report.js';
import type { Reporter } from './index.js';

const ICON = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' } as const;

/** Text safe inside a Markdown table cell: no pipes, no line breaks, no HTML. */
export function cell(text: string): string {
  return text
    .replace(/[|\\]/g, (c) => `\\${c}`)
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\s+/g, ' ');
}

function section(r: ScanReport): string {
  const lines: string[] = [];
  lines.push(`## MCPShield scan: \`${cell(r.target)}\``, '');
  if (r.status === 'error') lines.push(`> **Not scanned**: ${cell(r.error ?? 'unknown error')}`, '');
  lines.push(
    `**Grade ${r.grade}** · score ${r.score}/100 · ${r.findings.length} findings · ${r.suppressed.length} suppressed · ${r.counts.tools} tools`,
    '',
  );
  const s = r.scorecard.bySeverity;
  lines.push(
    '| critical | high | medium | low | info |',
    '|---|---|---|---|---|',
    `| ${s.critical} | ${s.high} | ${s.medium} | ${s.low} | ${s.info} |`,
    '',
  );
  lines.push(
    '<details><summary>OWASP MCP Top 10</summary>',
    '',
    '| category | status | findings |',
    '|---|---|---|',
  );
  for (const [cat, o] of Object.entries(r.scorecard.owasp))
    lines.push(`| ${cat} | ${o.status === 'clear' ? '✅ clear' : '❌'} | ${o.ids.join(', ')} |`);
  lines.push('', '</details>', '');
  if (r.findings.length) {
    lines.push('| severity | id | finding | where | evidence |', '|---|---|---|---|---|');
    for (const f of r.findings) {
      lines.push(
        `| ${ICON[f.severity]} ${f.severity} | [${f.id}](docs/findings/${f.id}.md) | ${cell(f.title)} | ${cell(f.location)} | ${cell(f.evidence)} |`,
      );
    }
    lines.push('', '### Remediation', '');
    for (const id of [...new Set(r.findings.map((f) => f.id))]) {
      const m = checks[id]!.meta;
      lines.push(
        `<details><summary><b>${id}</b> ${cell(m.title)}</summary>`,
        '',
        m.remediation.text,
        '',
        `\`\`\`${m.remediation.language}`,
        m.remediation.example,
        '```',
        '',
        '</details>',
        '',
      );
    }
  }
  if (r.suppressed.length) {
    lines.push('### Suppressed by the baseline', '', '| id | where | reason |', '|---|---|---|');
    for (const x of r.suppressed) lines.push(`| ${x.id} | ${cell(x.location)} | ${cell(x.reason)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** For pull-request comments: a summary line, the severity counts, findings and remediation. */
export const markdown: Reporter = {
  id: 'markdown',
  extension: 'md',
  render(reports) {
    return `${reports.map(section).join('\n---\n\n')}\n`;
  },
};
