import { defineCheck } from '../types.js';
import { REF } from './references.js';

const WILDCARDS = new Set([
  '*',
  'all',
  'admin',
  'root',
  'full',
  'full_access',
  'full-access',
  '*:*',
  'superuser',
]);

/** `*`, `all`, `admin`, or a resource wildcard such as `files:*`. */
export function isWildcardScope(scope: string): boolean {
  const s = scope.toLowerCase();
  return WILDCARDS.has(s) || s.endsWith(':*') || s.endsWith('.*') || s.endsWith('/*');
}

export const check = defineCheck({
  meta: {
    id: 'AUTHZ-003',
    title: 'Wildcard or all-powerful scopes',
    family: 'authorization',
    severity: 'medium',
    owasp: 'MCP02',
    cwe: ['CWE-250'],
    references: [REF.authorization, REF.securityBestPractices],
    description:
      'The server or its authorization server advertises (or asks for, in its 401 challenge) scopes such as ' +
      '`*`, `admin` or `files:*`. Clients request what is offered: tokens end up holding every permission, ' +
      'against the principle of least privilege the MCP spec asks for.',
    remediation: {
      text: 'Replace wildcard scopes with narrow ones and ask only for what the request needs.',
      language: 'http',
      example: `WWW-Authenticate: Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read"`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h) return [];
    const sources: [string, unknown][] = [
      [h.resourceMetadata?.url ?? h.url, h.resourceMetadata?.json?.scopes_supported],
    ];
    for (const a of h.authServers) sources.push([a.url ?? a.issuer, a.json?.scopes_supported]);
    const challenge = /scope="([^"]*)"/.exec(h.anonymous?.headers['www-authenticate'] ?? '');
    if (challenge) sources.push([h.url, challenge[1]!.split(' ')]);
    return sources.flatMap(([where, scopes]) => {
      const wild = Array.isArray(scopes) ? scopes.map(String).filter(isWildcardScope) : [];
      return wild.length
        ? [{ location: where, evidence: `scopes ${wild.map((w) => `\`${w}\``).join(', ')}` }]
        : [];
    });
  },
});
