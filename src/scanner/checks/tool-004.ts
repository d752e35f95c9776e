import { listingFindings } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-004',
    title: 'Exfiltration-shaped tool parameter',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-200', 'CWE-1427'],
    references: [REF.toolPoisoning, REF.toolSecurity],
    description:
      'A parameter asks the model for data the tool has no business with: `conversation_history`, ' +
      '`system_prompt`, or a free-form `sidenote` whose description asks for file contents or secrets (the ' +
      "engine's `tool_poisoning` detector, kind `exfiltration-parameter`). Whatever the model puts there is " +
      'sent to the server.',
    remediation: {
      text: 'Remove the parameter; tools take only the inputs their function needs.',
      language: 'ts',
      example: `inputSchema: { city: z.string().max(100).describe('City name') }`,
    },
  },
  run(s) {
    return listingFindings(s)
      .poisoning.filter((f) => f.kind === 'exfiltration-parameter')
      .map((f) => ({ location: `tool \`${f.item}\` (${f.path})`, evidence: f.message }));
  },
});
