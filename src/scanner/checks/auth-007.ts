import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-007',
    title: 'Authorization server metadata (RFC 8414) cannot be retrieved',
    family: 'auth',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.rfc8414, REF.authorization],
    description:
      'An authorization server named by the protected resource metadata publishes neither RFC 8414 metadata nor ' +
      'OpenID Connect discovery. Clients cannot find its endpoints, nor check that it supports PKCE.',
    remediation: {
      text: 'Serve `/.well-known/oauth-authorization-server` (with the issuer path appended, RFC 8414 §3.1).',
      language: 'json',
      example: `{
  "issuer": "https://auth.example.com",
  "authorization_endpoint": "https://auth.example.com/authorize",
  "token_endpoint": "https://auth.example.com/token",
  "code_challenge_methods_supported": ["S256"]
}`,
    },
  },
  run(s) {
    return (s.http?.authServers ?? [])
      .filter((a) => !a.json)
      .map((a) => ({
        location: a.issuer,
        evidence: a.url ? `${a.url} answered ${a.answer?.status ?? 'nothing'}` : 'the issuer is not a URL',
      }));
  },
});
