/** Documents the catalog cites, one name each. */
const SPEC = 'https://modelcontextprotocol.io/specification/2025-06-18';
export const REF = {
  authorization: `${SPEC}/basic/authorization`,
  securityBestPractices: `${SPEC}/basic/security_best_practices`,
  transports: `${SPEC}/basic/transports`,
  legacySse: 'https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse',
  tools: `${SPEC}/server/tools`,
  toolSecurity: `${SPEC}/server/tools#security-considerations`,
  rfc9728: 'https://www.rfc-editor.org/rfc/rfc9728',
  rfc8414: 'https://www.rfc-editor.org/rfc/rfc8414',
  rfc7636: 'https://www.rfc-editor.org/rfc/rfc7636',
  rfc6750: 'https://www.rfc-editor.org/rfc/rfc6750',
  rfc8707: 'https://www.rfc-editor.org/rfc/rfc8707',
  rfc9700: 'https://www.rfc-editor.org/rfc/rfc9700',
  oauth21: 'https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1',
  owaspMcp: 'https://owasp.org/www-project-mcp-top-10/',
  toolPoisoning: 'https://invariantlabs.ai/blog/mcp-security-notification-tool-poisoning-attacks',
  toxicFlows: 'https://simonwillison.net/2025/Jun/16/the-lethal-trifecta/',
  dnsRebinding:
    'https://github.com/modelcontextprotocol/typescript-sdk/security/advisories/GHSA-w48q-cv73-mx4w',
  cors: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS',
  owaspSession: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html',
  owaspSecrets: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  owaspCommand:
    'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
  owaspSsrf:
    'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
  npmTyposquat: 'https://blog.npmjs.org/post/163723642530/crossenv-malware-on-the-npm-registry',
  osv: 'https://osv.dev/',
  cwe: (n: number) => `https://cwe.mitre.org/data/definitions/${n}.html`,
} as const;
