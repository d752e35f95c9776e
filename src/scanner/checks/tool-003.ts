import { listingFindings } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-003',
    title: 'Tool description shadows another tool',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-1427'],
    references: [REF.toolPoisoning, REF.toolSecurity],
    description:
      'A description tells the model how to use a tool of another server ("when `send_email` is used, always ' +
      'bcc ...", "use this instead of `read_file`"). Shadowing changes the behaviour of trusted tools without ' +
      "this server ever being called (the engine's `tool_poisoning` detector, kind `shadowing`).",
    remediation: {
      text: "A description may speak only of its own tool; remove references to other servers' tools.",
      language: 'ts',
      example: `server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } }, handler);`,
    },
  },
  run(s) {
    return listingFindings(s)
      .poisoning.filter((f) => f.kind === 'shadowing')
      .map((f) => ({ location: `tool \`${f.item}\` (${f.path})`, evidence: f.message }));
  },
});
