import { advisoriesFor } from '../../advisories/index.js';
import { launchedPackage } from '../lib/packages.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'SUP-001',
    title: 'Known-vulnerable package version',
    family: 'supply-chain',
    severity: 'high',
    owasp: 'MCP04',
    cwe: ['CWE-1395'],
    references: [REF.osv, 'https://nvd.nist.gov/'],
    description:
      'The config starts a package version with a published advisory (the offline advisory dataset shared with ' +
      "`mcpshield discover`). The finding carries the advisory's severity and its CVE.",
    remediation: {
      text: "Pin a fixed version (at or above the advisory's fixed version).",
      language: 'json',
      example: `{ "command": "npx", "args": ["-y", "mcp-remote@0.1.16", "https://mcp.example.com/mcp"] }`,
    },
  },
  run(s) {
    const pkg = s.launch ? launchedPackage(s.launch) : null;
    if (!pkg || pkg.source !== 'registry' || !pkg.version) return [];
    return advisoriesFor(pkg.ecosystem, pkg.name, pkg.version)
      .filter((m) => m.status === 'affected')
      .map(({ advisory: a }) => ({
        location: `${pkg.name}@${pkg.version}`,
        evidence: `${a.cve.join(', ') || a.id}: ${a.summary} (fixed in ${a.affected.map((r) => r.fixed).join(', ')})`,
        severity: a.severity,
      }));
  },
});
