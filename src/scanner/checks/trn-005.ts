import { accepted } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-005',
    title: 'Session id works without the credentials that opened it',
    family: 'transport',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-384', 'CWE-306'],
    references: [REF.securityBestPractices, REF.transports],
    description:
      'A session opened with credentials answered a `tools/list` sent with only its `Mcp-Session-Id`. The spec ' +
      'says servers must not use sessions for authentication and should bind them to the user: here the ' +
      "session id alone is a bearer credential, and a leaked or guessed id grants the user's access.",
    remediation: {
      text: 'Authenticate every request, and bind session ids to the authenticated user (`<user_id>:<session_id>`).',
      language: 'ts',
      example: `const session = sessions.get(req.headers['mcp-session-id']);
if (!session || session.userId !== verifyAccessToken(bearer(req)).sub) return res.status(404).end();`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || !accepted(h.sessionWithoutCredentials)) return [];
    return [
      {
        location: h.url,
        evidence: `\`tools/list\` with the session id and no credentials answered ${h.sessionWithoutCredentials!.status}`,
      },
    ];
  },
});
