import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'DRIFT-002',
    title: 'Tool not in the pin file',
    family: 'drift',
    severity: 'medium',
    owasp: 'MCP03',
    cwe: ['CWE-494'],
    references: [REF.toolSecurity],
    description:
      'The server lists a tool the pin file does not know: it was added since the pins were taken, and nobody ' +
      'has reviewed it.',
    remediation: {
      text: 'Review the new tool; the gateway pins it on first use, or re-take the pins after review.',
      language: 'bash',
      example: `mcpshield pins list my-server`,
    },
  },
  run(s) {
    if (!s.pins) return [];
    return Object.keys(s.pins.current)
      .filter((name) => s.pins!.pinned[name] === undefined)
      .map((name) => ({ location: `tool \`${name}\``, evidence: 'not pinned' }));
  },
});
