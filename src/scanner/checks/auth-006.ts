import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-006',
    title: 'Protected resource metadata lists no authorization server',
    family: 'auth',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.rfc9728, REF.authorization],
    description:
      'The MCP authorization spec requires `authorization_servers` in the protected resource metadata: it is how a ' +
      'client finds where to obtain a token for this server.',
    remediation: {
      text: 'List at least one authorization server issuer URL.',
      language: 'json',
      example: `{ "resource": "https://mcp.example.com/mcp", "authorization_servers": ["https://auth.example.com"] }`,
    },
  },
  run(s) {
    const m = s.http?.resourceMetadata?.json;
    if (!m) return [];
    const list = m.authorization_servers;
    if (Array.isArray(list) && list.some((x) => typeof x === 'string')) return [];
    return [
      { location: s.http!.resourceMetadata!.url, evidence: '`authorization_servers` is missing or empty' },
    ];
  },
});
