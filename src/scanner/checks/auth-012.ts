import { defineCheck } from '../types.js';
import { REF } from './references.js';

const REMOVED = new Set(['implicit', 'password']);

export const check = defineCheck({
  meta: {
    id: 'AUTH-012',
    title: 'Authorization server offers grants removed by OAuth 2.1',
    family: 'auth',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-287'],
    references: [REF.oauth21, REF.rfc9700, REF.authorization],
    description:
      'The authorization server metadata lists the implicit or the resource owner password grant in ' +
      '`grant_types_supported`. OAuth 2.1, which MCP authorization builds on, removed both: the implicit grant ' +
      'leaks tokens in redirects, the password grant hands the user password to the client.',
    remediation: {
      text: 'Offer the authorization code grant with PKCE (and refresh tokens, client credentials where needed).',
      language: 'json',
      example: `{ "grant_types_supported": ["authorization_code", "refresh_token"], "response_types_supported": ["code"] }`,
    },
  },
  run(s) {
    return (s.http?.authServers ?? []).flatMap((a) => {
      const grants = a.json?.grant_types_supported;
      const responses = a.json?.response_types_supported;
      const bad = [
        ...(Array.isArray(grants) ? grants.filter((g) => REMOVED.has(String(g))) : []),
        ...(Array.isArray(responses) ? responses.filter((r) => String(r).split(' ').includes('token')) : []),
      ].map(String);
      return bad.length
        ? [{ location: a.url ?? a.issuer, evidence: `offers ${bad.map((b) => `\`${b}\``).join(', ')}` }]
        : [];
    });
  },
});
