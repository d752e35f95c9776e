import { accepted } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-011',
    title: 'Server accepts a token issued for another resource (token passthrough)',
    family: 'auth',
    severity: 'critical',
    owasp: 'MCP07',
    cwe: ['CWE-287', 'CWE-345'],
    references: [REF.securityBestPractices, REF.authorization, REF.rfc8707],
    description:
      'Without credentials the server answers 401, yet it accepted an unsigned JWT whose audience is another ' +
      'resource. It validates neither signature nor audience: it either trusts any token or passes tokens ' +
      'through to an upstream API, the "token passthrough" anti-pattern the MCP spec forbids. Any token from ' +
      'anywhere opens it, and upstream audit trails show the wrong client.',
    remediation: {
      text: 'Validate signature, issuer, expiry and audience of every token; obtain separate tokens for upstream APIs.',
      language: 'ts',
      example: `import { createRemoteJWKSet, jwtVerify } from 'jose';
const jwks = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));
const { payload } = await jwtVerify(token, jwks, {
  issuer: 'https://auth.example.com',
  audience: 'https://mcp.example.com/mcp',
});`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || h.anonymous?.status !== 401 || !accepted(h.foreignToken)) return [];
    return [
      {
        location: h.url,
        evidence: `an unsigned token for \`https://another-resource.example\` was accepted (${h.foreignToken!.status})`,
      },
    ];
  },
});
