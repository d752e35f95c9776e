import { hostKind, parseUrl } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-001',
    title: 'Remote server over plain HTTP',
    family: 'transport',
    severity: 'high',
    owasp: null,
    cwe: ['CWE-319'],
    references: [REF.transports, REF.authorization],
    description:
      'The server is reached with `http://` on a host that is not this machine. Every tool call, result and ' +
      'token crosses the network unencrypted and can be read or changed on the way (medium on a private ' +
      'network address, high elsewhere).',
    remediation: {
      text: 'Serve MCP over HTTPS (TLS terminated by the server or a reverse proxy) and use the `https://` URL.',
      language: 'json',
      example: `{ "mcpServers": { "remote": { "url": "https://mcp.example.com/mcp" } } }`,
    },
  },
  run(s) {
    const u = s.url ? parseUrl(s.url) : null;
    if (!u || u.protocol !== 'http:') return [];
    const kind = hostKind(s.url!);
    if (kind === 'loopback') return [];
    return [
      {
        location: `${u.origin}${u.pathname}`,
        evidence: `\`${u.protocol}//${u.host}\` is not encrypted`,
        severity: kind === 'private' || kind === 'internal-name' ? 'medium' : 'high',
      },
    ];
  },
});
