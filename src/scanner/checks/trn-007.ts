import { hostKind, isLoopbackUrl } from '../lib/http.js';
import { metadataUrls } from '../lib/metadata-urls.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-007',
    title: 'Metadata URLs point at internal addresses (SSRF)',
    family: 'transport',
    severity: 'high',
    owasp: 'MCP05',
    cwe: ['CWE-918'],
    references: [REF.securityBestPractices, REF.owaspSsrf, REF.rfc9728],
    description:
      "The server's OAuth metadata sends clients to loopback, private, link-local or cloud metadata addresses " +
      'although the server itself is not local. MCP clients fetch these URLs automatically: a malicious server ' +
      "uses them to make the client request internal services (server-side request forgery from the user's " +
      'machine), as the MCP security best practices warn.',
    remediation: {
      text: 'Advertise only public HTTPS URLs; clients should refuse internal addresses in discovered metadata.',
      language: 'json',
      example: `{ "authorization_servers": ["https://auth.example.com"] }`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || isLoopbackUrl(h.url) || hostKind(h.url)) return [];
    const urls = metadataUrls(h).filter(([k]) => k !== 'issuer');
    return urls.flatMap(([k, u]) => {
      const kind = hostKind(u);
      return kind
        ? [
            {
              location: u,
              evidence: `\`${k}\` reaches a ${kind} address`,
              severity: kind === 'cloud-metadata' ? ('critical' as const) : undefined,
            },
          ]
        : [];
    });
  },
});
