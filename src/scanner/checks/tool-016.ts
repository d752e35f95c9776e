import { capabilities } from '../lib/capabilities.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-016',
    title: 'Destructive tool not annotated as destructive',
    family: 'tools',
    severity: 'low',
    owasp: null,
    cwe: ['CWE-1287'],
    references: [`${REF.tools}#tool-annotations`],
    description:
      'A tool named for deleting, dropping or wiping declares `readOnlyHint: true`, or does not declare ' +
      '`destructiveHint`. Clients use these annotations to decide when to ask the user; a missing or wrong hint ' +
      'lets a destructive call run without confirmation.',
    remediation: {
      text: 'Annotate honestly.',
      language: 'ts',
      example: `server.registerTool('delete_file', {
  description: 'Deletes a file.',
  inputSchema: { path: z.string() },
  annotations: { destructiveHint: true, readOnlyHint: false },
}, handler);`,
    },
  },
  run(s) {
    return s.tools.flatMap((t) => {
      if (!capabilities(t).has('destructive')) return [];
      const a = t.annotations ?? {};
      if (a.readOnlyHint === true)
        return [
          {
            location: `tool \`${t.name}\``,
            evidence: 'declares `readOnlyHint: true`',
            severity: 'medium' as const,
          },
        ];
      if (a.destructiveHint !== true)
        return [{ location: `tool \`${t.name}\``, evidence: '`destructiveHint` is not `true`' }];
      return [];
    });
  },
});
