import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'DRIFT-001',
    title: 'Tool changed since it was pinned',
    family: 'drift',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-494'],
    references: [REF.toolPoisoning, REF.toolSecurity],
    description:
      "The tool's definition (name, title, description, schemas, annotations: the gateway's pin hash) differs " +
      'from the pin file given with `--pins`. Either the server was updated, or its definitions were changed ' +
      'after review (a rug pull). The gateway blocks such a tool until someone approves it.',
    remediation: {
      text: 'Review the new definition; approve it if it is what you expect.',
      language: 'bash',
      example: `mcpshield pins list my-server
mcpshield pins approve my-server lookup`,
    },
  },
  run(s) {
    if (!s.pins) return [];
    return Object.entries(s.pins.current)
      .filter(([name, hash]) => s.pins!.pinned[name] !== undefined && s.pins!.pinned[name] !== hash)
      .map(([name, hash]) => ({
        location: `tool \`${name}\``,
        evidence: `pinned ${s.pins!.pinned[name]!.slice(0, 19)}…, now ${hash.slice(0, 19)}…`,
      }));
  },
});
