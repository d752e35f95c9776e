import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-002',
    title: 'Protected server publishes no OAuth protected resource metadata (RFC 9728)',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.rfc9728, REF.authorization],
    description:
      'The server answers 401 but neither its `WWW-Authenticate` challenge nor `/.well-known/oauth-protected-resource` ' +
      'leads to protected resource metadata. MCP clients use it to find the authorization server; without it ' +
      'they cannot run the standard flow, and users fall back to pasting long-lived tokens into configs.',
    remediation: {
      text: 'Serve RFC 9728 metadata naming the resource and its authorization servers, and point to it from the 401 challenge.',
      language: 'ts',
      example: `app.get('/.well-known/oauth-protected-resource/mcp', (_req, res) =>
  res.json({
    resource: 'https://mcp.example.com/mcp',
    authorization_servers: ['https://auth.example.com'],
    scopes_supported: ['files:read', 'files:write'],
    bearer_methods_supported: ['header'],
  }),
);`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || h.anonymous?.status !== 401 || h.resourceMetadata?.json) return [];
    const where = h.resourceMetadata
      ? `${h.resourceMetadata.url} answered ${h.resourceMetadata.answer?.status ?? 'nothing'}`
      : 'no metadata URL';
    return [{ location: h.url, evidence: `401 without reachable protected resource metadata (${where})` }];
  },
});
