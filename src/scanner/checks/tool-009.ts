import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-009',
    title: 'Two tools with the same name',
    family: 'tools',
    severity: 'medium',
    owasp: 'MCP03',
    cwe: ['CWE-694'],
    references: [REF.tools],
    description:
      'The server lists the same tool name twice. Clients keep one of them, which one depends on the client: ' +
      'a user who reviewed one definition may be calling the other.',
    remediation: {
      text: 'Give each tool a unique name.',
      language: 'ts',
      example: `server.registerTool('search_issues', ...);
server.registerTool('search_code', ...);`,
    },
  },
  run(s) {
    const seen = new Map<string, number>();
    for (const t of s.tools) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    return [...seen]
      .filter(([, n]) => n > 1)
      .map(([name, n]) => ({ location: `tool \`${name}\``, evidence: `listed ${n} times` }));
  },
});
