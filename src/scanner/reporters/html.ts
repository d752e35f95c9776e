import { checks } from '../checks/index.js';
import type { ScanReport } from '../report.js';
import { SEVERITY_RANK, type Severity } from '../types.js';
import type { Reporter } from './index.js';

const COLOUR: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#d32f2f',
  medium: '#f57c00',
  low: '#1976d2',
  info: '#757575',
};
const OWASP_NAMES: Record<string, string> = {
  MCP01: 'Token mismanagement & secret exposure',
  MCP02: 'Privilege escalation via scope creep',
  MCP03: 'Tool poisoning',
  MCP04: 'Supply chain attacks',
  MCP05: 'Command injection & execution',
  MCP06: 'Prompt injection via contextual payloads',
  MCP07: 'Insufficient authentication & authorization',
  MCP08: 'Lack of audit and telemetry',
  MCP09: 'Shadow MCP servers',
  MCP10: 'Context injection & over-sharing',
};

/** Text as HTML: everything a server sent is hostile, so every value goes through here. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function chart(r: ScanReport): string {
  const entries = Object.entries(r.scorecard.bySeverity) as [Severity, number][];
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const bars = entries
    .map(([sev, n], i) => {
      const w = Math.round((n / max) * 260);
      return `<g transform="translate(0,${i * 26})"><text x="0" y="15">${sev}</text><rect x="70" y="2" width="${w}" height="18" fill="${COLOUR[sev]}"></rect><text x="${76 + w}" y="15">${n}</text></g>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="findings by severity" width="380" height="${entries.length * 26}">${bars}</svg>`;
}

function matrix(r: ScanReport): string {
  return `<div class="matrix">${Object.entries(r.scorecard.owasp)
    .map(
      ([cat, o]) =>
        `<div class="cell ${o.status}" title="${esc(OWASP_NAMES[cat] ?? cat)}"><b>${cat}</b><span>${esc(OWASP_NAMES[cat] ?? '')}</span><em>${o.status === 'clear' ? 'clear' : esc(o.ids.join(', '))}</em></div>`,
    )
    .join('')}</div>`;
}

function findingsTable(r: ScanReport, n: number): string {
  if (r.findings.length === 0) return '<p class="none">No findings.</p>';
  const rows = r.findings
    .map(
      (f) =>
        `<tr><td data-sort="${SEVERITY_RANK[f.severity]}"><span class="sev" style="background:${COLOUR[f.severity]}">${f.severity}</span></td><td><a href="#r${n}-${f.id}">${f.id}</a></td><td>${f.owasp ?? '–'}</td><td>${esc(f.title)}</td><td>${esc(f.location)}</td><td>${esc(f.evidence)}</td></tr>`,
    )
    .join('');
  return `<table class="findings"><thead><tr><th>severity</th><th>id</th><th>OWASP</th><th>finding</th><th>where</th><th>evidence</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function remediation(r: ScanReport, n: number): string {
  return [...new Set(r.findings.map((f) => f.id))]
    .map((id) => {
      const m = checks[id]!.meta;
      return `<details id="r${n}-${id}"><summary><b>${id}</b> ${esc(m.title)}</summary><p>${esc(m.description)}</p><p><b>Fix:</b> ${esc(m.remediation.text)}</p><pre><code>${esc(m.remediation.example)}</code></pre><p class="refs">${m.references.map((u) => `<a href="${esc(u)}">${esc(u)}</a>`).join(' · ')}</p></details>`;
    })
    .join('');
}

function section(r: ScanReport, n: number): string {
  const suppressed = r.suppressed.length
    ? `<h3>Suppressed by the baseline (${r.suppressed.length})</h3><ul>${r.suppressed.map((s) => `<li><b>${s.id}</b> ${esc(s.location)}: ${esc(s.reason)}</li>`).join('')}</ul>`
    : '';
  return `<section>
<h2>${esc(r.target)}</h2>
${r.status === 'error' ? `<p class="error">Not scanned: ${esc(r.error ?? '')}</p>` : ''}
<div class="head"><div class="grade g${r.grade}">${r.grade}</div><div><div class="score">${r.score}/100</div><div>${r.findings.length} findings · ${r.suppressed.length} suppressed · ${r.counts.tools} tools · ${esc(r.transport)}${r.server?.name ? ` · ${esc(r.server.name)} ${esc(r.server.version ?? '')}` : ''}</div></div>${chart(r)}</div>
<h3>OWASP MCP Top 10</h3>${matrix(r)}
<h3>Findings</h3>${findingsTable(r, n)}
${r.findings.length ? `<h3>Remediation</h3>${remediation(r, n)}` : ''}
${suppressed}
</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222}
h1{font-size:1.4em}h2{border-bottom:1px solid #ddd;padding-bottom:.3em;word-break:break-all}
.head{display:flex;gap:2em;align-items:center;flex-wrap:wrap}.grade{font-size:3em;font-weight:700;width:1.6em;height:1.6em;border-radius:.3em;color:#fff;display:flex;align-items:center;justify-content:center}
.gA{background:#2e7d32}.gB{background:#689f38}.gC{background:#f9a825}.gD{background:#ef6c00}.gF{background:#c62828}.score{font-size:1.5em;font-weight:600}
.chart text{font-size:12px}.matrix{display:grid;grid-template-columns:repeat(5,1fr);gap:6px}
.cell{padding:6px;border-radius:4px;display:flex;flex-direction:column;font-size:12px}.cell.clear{background:#e8f5e9}.cell.findings{background:#ffebee}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top;word-break:break-word}
th{cursor:pointer;user-select:none;background:#fafafa}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.sev{color:#fff;border-radius:3px;padding:0 6px}pre{background:#f5f5f5;padding:8px;overflow:auto}.error{background:#ffebee;padding:8px;border-left:4px solid #c62828}
details{margin:.4em 0}.refs{font-size:12px}footer{color:#777;font-size:12px;margin-top:2em}`;

/** Sorts a findings table by the clicked column (severity by rank, the rest as text). */
const SCRIPT = `document.querySelectorAll('table.findings').forEach(function(t){
t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
var asc=th.getAttribute('aria-sort')!=='ascending';t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});
th.setAttribute('aria-sort',asc?'ascending':'descending');var body=t.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];
var p=x.dataset.sort!==undefined?Number(x.dataset.sort)-Number(y.dataset.sort):x.textContent.localeCompare(y.textContent);return asc?p:-p});
rows.forEach(function(r){body.appendChild(r)})})})});`;

/** One self-contained page (inline CSS and script, no network): chart, OWASP matrix, sortable findings. */
export const html: Reporter = {
  id: 'html',
  extension: 'html',
  render(reports) {
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>MCPShield scan report</title><style>${STYLE}</style></head>
<body><h1>MCPShield scan report</h1>
${reports.map(section).join('\n')}
<footer>mcpshield scan · ${esc(reports[0]?.scannedAt ?? '')}</footer>
<script>${SCRIPT}</script></body></html>
`;
  },
};
