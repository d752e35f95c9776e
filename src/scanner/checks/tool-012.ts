import { listingFindings } from '../lib/detectors.js';
import { HIDING_KINDS } from '../../detectors/lib/injection.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const HIDING = new Set<string>(HIDING_KINDS);

export const check = defineCheck({
  meta: {
    id: 'TOOL-012',
    title: 'Poisoned prompt or resource description',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-1427'],
    references: [REF.toolPoisoning, `${REF.authorization.replace('basic/authorization', 'server/prompts')}`],
    description:
      'A prompt, resource or resource template listed by the server carries instructions for the model in its ' +
      "name or description (the engine's `tool_poisoning` detector over `prompts/list` and `resources/list`). " +
      'Clients show these to the model like tool descriptions.',
    remediation: {
      text: 'Describe prompts and resources for the user; never address the model in metadata.',
      language: 'ts',
      example: `server.registerPrompt('review', { description: 'Reviews a pull request diff.' }, handler);`,
    },
  },
  run(s) {
    return listingFindings(s)
      .poisoning.filter((f) => f.list !== 'tools' && !HIDING.has(f.kind ?? ''))
      .map((f) => ({
        location: `${f.list} \`${f.item}\` (${f.path})`,
        evidence: f.message,
        severity: f.severity,
      }));
  },
});
