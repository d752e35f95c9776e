import { parseUrl } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const TOKEN_PARAMS = new Set([
  'access_token',
  'token',
  'api_key',
  'apikey',
  'key',
  'auth',
  'authorization',
  'bearer',
  'id_token',
  'client_secret',
  'password',
  'secret',
  'session',
  'sig',
]);

export const check = defineCheck({
  meta: {
    id: 'AUTH-009',
    title: 'Credential in the URL query string',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP01',
    cwe: ['CWE-598'],
    references: [REF.rfc6750, REF.authorization, REF.rfc9700],
    description:
      'The server URL carries a token or key as a query parameter. URLs end up in proxy logs, browser history, ' +
      'referrers and client configs shared in repositories; the MCP spec forbids access tokens in the query ' +
      'string (RFC 6750 §2.3 is not allowed).',
    remediation: {
      text: 'Send the token in the `Authorization` header instead, and rotate the exposed one.',
      language: 'json',
      example: `{ "mcpServers": { "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer \${MCP_TOKEN}" } } } }`,
    },
  },
  run(s) {
    const u = s.url ? parseUrl(s.url) : null;
    if (!u) return [];
    const names = [...u.searchParams.keys()].filter((k) => TOKEN_PARAMS.has(k.toLowerCase()));
    if (u.password) names.push('password in the authority');
    if (names.length === 0) return [];
    return [
      {
        location: `${u.origin}${u.pathname}`,
        evidence: `query carries ${names.map((n) => `\`${n}\``).join(', ')}`,
      },
    ];
  },
});
