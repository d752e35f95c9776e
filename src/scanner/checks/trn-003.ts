import { accepted } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-003',
    title: 'Requests from a foreign Origin are accepted (DNS rebinding)',
    family: 'transport',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-346', 'CWE-350'],
    references: [REF.transports, REF.dnsRebinding, REF.securityBestPractices],
    description:
      'The scanner sent `initialize` with `Origin: https://attacker.example` and the server accepted it. The ' +
      'Streamable HTTP transport requires servers to validate `Origin`: otherwise any web page the user visits ' +
      'can drive the server from the browser, through DNS rebinding for local servers.',
    remediation: {
      text: 'Reject requests whose `Origin` is not on an allow-list (403), and bind local servers to 127.0.0.1.',
      language: 'ts',
      example: `const transport = new StreamableHTTPServerTransport({
  sessionIdGenerator: () => randomUUID(),
  enableDnsRebindingProtection: true,
  allowedOrigins: ['https://app.example.com'],
  allowedHosts: ['127.0.0.1:3000', 'localhost:3000'],
});`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || !accepted(h.foreignOrigin)) return [];
    return [
      {
        location: h.url,
        evidence: `\`Origin: https://attacker.example\` answered ${h.foreignOrigin!.status}`,
      },
    ];
  },
});
