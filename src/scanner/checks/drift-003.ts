import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'DRIFT-003',
    title: 'Pinned tool no longer listed',
    family: 'drift',
    severity: 'low',
    owasp: null,
    cwe: ['CWE-494'],
    references: [REF.toolSecurity],
    description:
      "A tool in the pin file is gone from the server's list. Harmless by itself, but a definition that comes " +
      'and goes between lists is a way to slip past reviews; confirm the removal was intended.',
    remediation: {
      text: 'Reset the pin of a tool that was removed on purpose.',
      language: 'bash',
      example: `mcpshield pins reset my-server old_tool`,
    },
  },
  run(s) {
    if (!s.pins) return [];
    return Object.keys(s.pins.pinned)
      .filter((name) => s.pins!.current[name] === undefined)
      .map((name) => ({ location: `tool \`${name}\``, evidence: 'pinned but not listed' }));
  },
});
