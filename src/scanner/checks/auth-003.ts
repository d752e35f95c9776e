import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-003',
    title: '401 answer without a `WWW-Authenticate` challenge',
    family: 'auth',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.rfc6750, REF.rfc9728, REF.authorization],
    description:
      'RFC 6750 requires a `WWW-Authenticate: Bearer` header on a 401, and the MCP authorization spec uses it to ' +
      'carry the `resource_metadata` URL. Without it, clients cannot discover how to authenticate.',
    remediation: {
      text: 'Send a Bearer challenge with the metadata URL on every 401.',
      language: 'http',
      example: `HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`,
    },
  },
  run(s) {
    const a = s.http?.anonymous;
    if (!a || a.status !== 401 || a.headers['www-authenticate']) return [];
    return [{ location: s.http!.url, evidence: '401 without `WWW-Authenticate`' }];
  },
});
