import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-008',
    title: 'Authorization server does not advertise PKCE with S256',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-345'],
    references: [REF.rfc7636, REF.rfc8414, REF.authorization, REF.oauth21],
    description:
      'MCP clients must use PKCE with `S256` and must refuse to proceed when the authorization server metadata ' +
      'does not list it in `code_challenge_methods_supported`. Without PKCE an intercepted authorization code ' +
      'can be exchanged for a token by anyone.',
    remediation: {
      text: 'Support PKCE and advertise `S256` (never only `plain`).',
      language: 'json',
      example: `{ "code_challenge_methods_supported": ["S256"] }`,
    },
  },
  run(s) {
    return (s.http?.authServers ?? [])
      .filter((a) => a.json)
      .flatMap((a) => {
        const methods = a.json!.code_challenge_methods_supported;
        if (Array.isArray(methods) && methods.includes('S256')) return [];
        return [
          {
            location: a.url ?? a.issuer,
            evidence: Array.isArray(methods)
              ? `\`code_challenge_methods_supported\` is ${JSON.stringify(methods)}`
              : '`code_challenge_methods_supported` is missing',
          },
        ];
      });
  },
});
