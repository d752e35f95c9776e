import { defineCheck } from '../types.js';
import { REF } from './references.js';

/** Origin and path without a trailing slash: how RFC 9728 §3.3 compares resource identifiers. */
function canonical(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return null;
  }
}

export const check = defineCheck({
  meta: {
    id: 'AUTH-005',
    title: 'Protected resource metadata names another resource (audience binding)',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-346'],
    references: [REF.rfc9728, REF.rfc8707, REF.authorization],
    description:
      'The `resource` in the protected resource metadata is not the URL of this server (RFC 9728 §3.3: the ' +
      'client must reject such metadata). Tokens are bound to the `resource` through RFC 8707 resource ' +
      'indicators; a mismatch means tokens minted for another service may be accepted here, or tokens for this ' +
      'server used elsewhere.',
    remediation: {
      text: 'Set `resource` to the exact URL clients use, and validate the token audience against it.',
      language: 'json',
      example: `{ "resource": "https://mcp.example.com/mcp", "authorization_servers": ["https://auth.example.com"] }`,
    },
  },
  run(s) {
    const m = s.http?.resourceMetadata?.json;
    if (!m) return [];
    const resource = typeof m.resource === 'string' ? m.resource : null;
    const mine = canonical(s.http!.url);
    const theirs = resource ? canonical(resource) : null;
    if (theirs && mine && (theirs === mine || mine.startsWith(`${theirs}/`))) return [];
    return [
      {
        location: s.http!.resourceMetadata!.url,
        evidence: resource
          ? `\`resource\` is \`${resource}\`, the server is \`${s.http!.url}\``
          : 'no `resource` field',
      },
    ];
  },
});
