import { OTHER_CLIENT } from '../connect.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';
import { differences } from './tool-010.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-011',
    title: 'Different tools for a different client (bait-and-switch)',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-506'],
    references: [REF.toolPoisoning, REF.toolSecurity],
    description:
      `The scanner listed the tools twice: once as itself, once with the \`clientInfo\` of \`${OTHER_CLIENT.name}\`. ` +
      "The definitions differed. A server that shows auditors one thing and the user's assistant another is " +
      'hiding what it does.',
    remediation: {
      text: 'Serve the same tools to every client; remove the server if it does not.',
      language: 'ts',
      example: `// Never branch tool definitions on the client's identity:
const tools = defineTools(); // not defineTools(clientInfo.name)`,
    },
  },
  run(s): Hit[] {
    if (!s.toolsAsOtherClient) return [];
    const diff = differences(s.tools, s.toolsAsOtherClient);
    return diff.length
      ? [{ location: 'tools/list', evidence: `as \`${OTHER_CLIENT.name}\`: ${diff.slice(0, 5).join(', ')}` }]
      : [];
  },
});
