import { accepted, isLoopbackUrl } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-008',
    title: 'Local server accepts any Host header (DNS rebinding)',
    family: 'transport',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-350'],
    references: [REF.dnsRebinding, REF.transports],
    description:
      'A server on a loopback address answered a request with `Host: attacker.example`. In a DNS rebinding ' +
      "attack the browser sends the attacker's host name to the local port; checking `Host` against the " +
      'names the server is really reached by stops it even when `Origin` is absent.',
    remediation: {
      text: 'Allow only the host names the server is reached by (`127.0.0.1:PORT`, `localhost:PORT`).',
      language: 'ts',
      example: `new StreamableHTTPServerTransport({
  sessionIdGenerator: () => randomUUID(),
  enableDnsRebindingProtection: true,
  allowedHosts: ['127.0.0.1:3000', 'localhost:3000'],
});`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || !isLoopbackUrl(h.url) || !accepted(h.foreignHost)) return [];
    return [{ location: h.url, evidence: `\`Host: attacker.example\` answered ${h.foreignHost!.status}` }];
  },
});
