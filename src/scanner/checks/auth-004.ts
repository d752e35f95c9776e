import { resourceMetadataParam } from '../probes/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-004',
    title: 'Bearer challenge without `resource_metadata`',
    family: 'auth',
    severity: 'low',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.rfc9728, REF.authorization],
    description:
      'The 401 carries a `WWW-Authenticate` header but no `resource_metadata` parameter (RFC 9728 §5.1). Clients ' +
      'then have to guess the well-known URL, which fails for servers mounted under a path.',
    remediation: {
      text: 'Add the `resource_metadata` parameter to the challenge.',
      language: 'http',
      example: `WWW-Authenticate: Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read"`,
    },
  },
  run(s) {
    const a = s.http?.anonymous;
    const header = a?.headers['www-authenticate'];
    if (!a || a.status !== 401 || !header || resourceMetadataParam(header)) return [];
    return [{ location: s.http!.url, evidence: `\`WWW-Authenticate: ${header.slice(0, 120)}\`` }];
  },
});
