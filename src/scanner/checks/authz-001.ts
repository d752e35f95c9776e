import { capabilities } from '../lib/capabilities.js';
import { accepted } from '../lib/http.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'AUTHZ-001',
    title: 'Administrative or destructive tools without authorization',
    family: 'authorization',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-862'],
    references: [REF.authorization, REF.securityBestPractices],
    description:
      'The server answers without credentials and offers tools that administer, delete or run commands. ' +
      'Whoever reaches the port can use them; nothing ties a call to a user who is allowed to make it.',
    remediation: {
      text: 'Require a token, and check a scope per tool before running an administrative or destructive one.',
      language: 'ts',
      example: `server.registerTool('delete_user', { description: 'Deletes a user account.', inputSchema: { id: z.string() } },
  async ({ id }, extra) => {
    if (!extra.authInfo?.scopes.includes('users:admin')) throw new McpError(ErrorCode.InvalidRequest, 'forbidden');
    return deleteUser(id);
  });`,
    },
  },
  run(s) {
    if (!s.http || !accepted(s.http.anonymous)) return [];
    return s.tools
      .map(
        (t) =>
          [
            t,
            [...capabilities(t)].filter((c) => c === 'admin' || c === 'destructive' || c === 'command'),
          ] as const,
      )
      .filter(([, caps]) => caps.length > 0)
      .map(([t, caps]) => ({
        location: `tool \`${t.name}\``,
        evidence: `${caps.join(', ')} tool callable without credentials`,
      }));
  },
});
