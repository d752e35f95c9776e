import { isLoopbackUrl } from '../lib/http.js';
import { metadataUrls } from '../lib/metadata-urls.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-010',
    title: 'OAuth endpoints over plain HTTP',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-319'],
    references: [REF.authorization, REF.oauth21, REF.rfc8414],
    description:
      'An authorization server or OAuth endpoint advertised by the server uses `http://` on a non-loopback host. ' +
      'Authorization codes, tokens and client secrets would cross the network in clear text; the MCP spec ' +
      'requires HTTPS for all authorization endpoints.',
    remediation: {
      text: 'Serve every OAuth endpoint over HTTPS and advertise the `https://` URLs.',
      language: 'json',
      example: `{ "issuer": "https://auth.example.com", "token_endpoint": "https://auth.example.com/token" }`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h) return [];
    const urls = metadataUrls(h).filter(([k]) => k !== 'resource_metadata');
    return urls
      .filter(([, u]) => u.startsWith('http://') && !isLoopbackUrl(u))
      .map(([k, u]) => ({ location: u, evidence: `\`${k}\` is \`${u}\`` }));
  },
});
