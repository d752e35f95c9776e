import { hostKind, parseUrl } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'proxy-authorization',
]);

export const check = defineCheck({
  meta: {
    id: 'TRN-010',
    title: 'Credentials sent over plain HTTP',
    family: 'transport',
    severity: 'critical',
    owasp: 'MCP01',
    cwe: ['CWE-523'],
    references: [REF.authorization, REF.rfc6750],
    description:
      'Credentials (an `Authorization` header, an API key, a cookie) are sent to a non-loopback `http://` URL: ' +
      'anyone on the path reads them and can replay them against the server.',
    remediation: {
      text: "Use the server's `https://` URL; rotate credentials that were sent in clear.",
      language: 'json',
      example: `{ "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer \${MCP_TOKEN}" } }`,
    },
  },
  run(s) {
    const u = s.url ? parseUrl(s.url) : null;
    if (!u || u.protocol !== 'http:' || hostKind(s.url!) === 'loopback') return [];
    const configured = s.launch?.entry?.headers;
    const names =
      configured && typeof configured === 'object'
        ? Object.keys(configured).filter((k) => CREDENTIAL_HEADERS.has(k.toLowerCase()))
        : [];
    if (s.http?.credentials) names.push('credentials given to the scanner');
    if (names.length === 0) return [];
    return [
      {
        location: `${u.origin}${u.pathname}`,
        evidence: `${names.map((n) => `\`${n}\``).join(', ')} over \`http://\``,
      },
    ];
  },
});
