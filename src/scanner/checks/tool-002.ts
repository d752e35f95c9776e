import { HIDING_KINDS } from '../../detectors/lib/injection.js';
import { listingFindings } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const HIDING = new Set<string>(HIDING_KINDS);

export const check = defineCheck({
  meta: {
    id: 'TOOL-002',
    title: 'Hidden Unicode in tool definitions',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-1007', 'CWE-451'],
    references: [REF.toolPoisoning, REF.toolSecurity, 'https://unicode.org/reports/tr36/'],
    description:
      'A tool, prompt or resource definition holds characters a person does not see but a model reads: Unicode ' +
      'tag characters, zero-width runs, bidirectional controls, ANSI escapes, variation selectors, or words ' +
      "mixing Latin with look-alike letters (the engine's `tool_poisoning` detector, hiding kinds). There is " +
      'no honest reason for them in a description.',
    remediation: {
      text: 'Strip invisible and control characters from definitions; keep descriptions plain text.',
      language: 'ts',
      example: `const clean = description.normalize('NFKC').replace(/[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u{E0000}-\\u{E007F}]/gu, '');`,
    },
  },
  run(s) {
    return listingFindings(s)
      .poisoning.filter((f) => HIDING.has(f.kind ?? ''))
      .map((f) => ({
        location: `${f.list.replace(/s$/, '')} \`${f.item}\` (${f.path})`,
        evidence: f.message,
      }));
  },
});
