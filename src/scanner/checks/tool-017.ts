import { defineCheck } from '../types.js';
import { REF } from './references.js';

const LIMIT = 4000;

export const check = defineCheck({
  meta: {
    id: 'TOOL-017',
    title: 'Very long tool description',
    family: 'tools',
    severity: 'low',
    owasp: 'MCP03',
    cwe: ['CWE-1427'],
    references: [REF.toolPoisoning],
    description:
      `A tool description longer than ${LIMIT} characters. Reviewers skim long text; poisoned instructions are ` +
      'often buried after pages of honest documentation, and every connected client pays for the tokens.',
    remediation: {
      text: 'Keep descriptions to a few sentences; move documentation to a resource.',
      language: 'ts',
      example: `server.registerTool('query', { description: 'Runs a read-only SQL query. See resource docs://query for syntax.' }, handler);`,
    },
  },
  run(s) {
    return s.tools
      .filter((t) => typeof t.description === 'string' && t.description.length > LIMIT)
      .map((t) => ({ location: `tool \`${t.name}\``, evidence: `${t.description!.length} characters` }));
  },
});
