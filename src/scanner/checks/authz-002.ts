import { capabilities } from '../lib/capabilities.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTHZ-002',
    title: 'One scope (or none) for reading and for destructive tools',
    family: 'authorization',
    severity: 'medium',
    owasp: 'MCP02',
    cwe: ['CWE-272'],
    references: [REF.authorization, REF.securityBestPractices, REF.rfc9728],
    description:
      'The server is protected by OAuth and offers destructive, administrative or command tools, yet its ' +
      'protected resource metadata advertises at most one scope. Every token can then do everything: a client ' +
      'that needed to read gets the power to delete, and a stolen token is worth the most it can be.',
    remediation: {
      text: 'Define per-tool (or per-group) scopes, advertise them, and check them per call.',
      language: 'json',
      example: `{ "resource": "https://mcp.example.com/mcp", "scopes_supported": ["files:read", "files:write", "files:delete"] }`,
    },
  },
  run(s) {
    const m = s.http?.resourceMetadata?.json;
    if (!m) return [];
    const scopes = Array.isArray(m.scopes_supported) ? m.scopes_supported : [];
    if (scopes.length > 1) return [];
    const powerful = s.tools.filter((t) => {
      const c = capabilities(t);
      return c.has('destructive') || c.has('admin') || c.has('command');
    });
    if (powerful.length === 0) return [];
    return [
      {
        location: s.http!.resourceMetadata!.url,
        evidence: `scopes ${JSON.stringify(scopes)} cover ${powerful
          .map((t) => `\`${t.name}\``)
          .slice(0, 5)
          .join(', ')}`,
      },
    ];
  },
});
