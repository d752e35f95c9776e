import { createHash } from 'node:crypto';
import { checks } from '../checks/index.js';
import type { ScanReport } from '../report.js';
import type { Severity } from '../types.js';
import type { Reporter } from './index.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning ranks security results by this property (0.0 to 10.0). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};
const DOCS = 'https://github.com/mcpshield/mcpshield/blob/main/docs/findings';

/** The artifact a finding is filed against (a URI reference): the URL, the config or tools file, else the target's name. */
function artifactUri(r: ScanReport): string {
  const hash = r.target.lastIndexOf('#');
  if (r.target.includes('://')) return r.target;
  if (hash > 0) return encodeURI(r.target.slice(0, hash)); // a config file's server
  if (r.transport === 'tools-json') return encodeURI(r.target);
  return `mcp-server/${r.target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}`;
}

function run(r: ScanReport) {
  const ids = Object.keys(checks);
  const rules = ids.map((id) => {
    const m = checks[id]!.meta;
    return {
      id,
      name: m.title
        .replace(/[^A-Za-z0-9]+/g, ' ')
        .trim()
        .replace(/ (\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: m.title },
      fullDescription: { text: m.description },
      helpUri: `${DOCS}/${id}.md`,
      help: {
        text: `${m.remediation.text}\n\n${m.remediation.example}`,
        markdown: `${m.remediation.text}\n\n\`\`\`${m.remediation.language}\n${m.remediation.example}\n\`\`\``,
      },
      defaultConfiguration: { level: LEVEL[m.severity] },
      properties: {
        tags: [
          'security',
          m.family,
          ...(m.owasp ? [`owasp-mcp-${m.owasp}`] : []),
          ...m.cwe.map((c) => `external/cwe/${c.toLowerCase()}`),
        ],
        'security-severity': SECURITY_SEVERITY[m.severity],
        precision: 'high',
      },
    };
  });
  const uri = artifactUri(r);
  return {
    tool: {
      driver: {
        name: 'mcpshield',
        informationUri: 'https://github.com/mcpshield/mcpshield',
        semanticVersion: '0.1.0',
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: r.status === 'ok',
        ...(r.error ? { toolExecutionNotifications: [{ level: 'error', message: { text: r.error } }] } : {}),
      },
    ],
    results: r.findings.map((f) => ({
      ruleId: f.id,
      ruleIndex: ids.indexOf(f.id),
      level: LEVEL[f.severity],
      message: { text: `${f.title}: ${f.evidence} (${f.location})` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
          logicalLocations: [{ name: f.location.slice(0, 200), kind: 'member' }],
        },
      ],
      partialFingerprints: {
        'mcpshield/v1': createHash('sha256').update(`${f.id}\0${r.target}\0${f.location}`).digest('hex'),
      },
      properties: {
        'security-severity': SECURITY_SEVERITY[f.severity],
        severity: f.severity,
        owasp: f.owasp,
      },
    })),
    properties: {
      target: r.target,
      status: r.status,
      score: r.score,
      grade: r.grade,
      suppressed: r.suppressed,
    },
  };
}

/** SARIF 2.1.0, as GitHub code scanning reads it: one run per scanned server. */
export const sarif: Reporter = {
  id: 'sarif',
  extension: 'sarif',
  render(reports) {
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: reports.map(run),
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
