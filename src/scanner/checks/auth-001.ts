import { accepted, isLoopbackUrl } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTH-001',
    title: 'HTTP server accepts MCP requests without authentication',
    family: 'auth',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-306'],
    references: [REF.authorization, REF.securityBestPractices],
    description:
      'The scanner sent `initialize` without any credentials and the server opened a session. Anyone who can ' +
      'reach the port can list and call every tool. On a loopback address the exposure is smaller (medium), ' +
      'but a web page can still reach it through DNS rebinding.',
    remediation: {
      text: 'Require an OAuth 2.1 access token (or at least an API key) on every request and answer 401 otherwise.',
      language: 'ts',
      example: `app.use('/mcp', (req, res, next) => {
  const token = req.headers.authorization?.replace(/^Bearer /, '');
  if (!token || !verifyAccessToken(token, { audience: 'https://mcp.example.com/mcp' })) {
    res.set('WWW-Authenticate', 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"');
    return res.status(401).end();
  }
  next();
});`,
    },
  },
  run(s) {
    const h = s.http;
    if (!h || !accepted(h.anonymous)) return [];
    return [
      {
        location: h.url,
        evidence: `\`initialize\` without credentials answered ${h.anonymous!.status}`,
        severity: isLoopbackUrl(h.url) ? 'medium' : 'high',
      },
    ];
  },
});
