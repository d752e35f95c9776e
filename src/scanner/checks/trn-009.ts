import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-009',
    title: 'CORS lets any web origin read the answers',
    family: 'transport',
    severity: 'medium',
    owasp: 'MCP07',
    cwe: ['CWE-942'],
    references: [REF.cors, REF.transports],
    description:
      'Asked from `Origin: https://attacker.example`, the server answered with `Access-Control-Allow-Origin` ' +
      "set to `*` or to that origin. A web page can then read tool results from the user's browser; with " +
      "`Access-Control-Allow-Credentials: true` and a reflected origin, also with the user's cookies (high).",
    remediation: {
      text: "Send CORS headers only for an allow-list of origins, never reflect the request's `Origin`.",
      language: 'ts',
      example: `import cors from 'cors';
app.use(cors({ origin: ['https://app.example.com'], exposedHeaders: ['Mcp-Session-Id'] }));`,
    },
  },
  run(s) {
    const a = s.http?.foreignOrigin;
    const allow = a?.headers['access-control-allow-origin'];
    if (!a || !allow || (allow !== '*' && allow !== 'https://attacker.example')) return [];
    const credentials = a.headers['access-control-allow-credentials'] === 'true';
    return [
      {
        location: s.http!.url,
        evidence: `\`Access-Control-Allow-Origin: ${allow}\`${credentials ? ' with credentials' : ''}`,
        severity: credentials && allow !== '*' ? 'high' : 'medium',
      },
    ];
  },
});
