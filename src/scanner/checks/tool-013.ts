import { defineCheck } from '../types.js';
import { REF } from './references.js';

/** The tool name rule of the specification: 1 to 128 of `A-Z a-z 0-9 _ - .`. */
export function validToolName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,128}$/.test(name);
}

export const check = defineCheck({
  meta: {
    id: 'TOOL-013',
    title: "Tool name outside the specification's character set",
    family: 'tools',
    severity: 'low',
    owasp: null,
    cwe: ['CWE-20'],
    references: [`${REF.tools.replace('2025-06-18', '2025-11-25')}#tool-names`],
    description:
      'Tool names should be 1 to 128 characters of ASCII letters, digits, `_`, `-` and `.`. Spaces, slashes, ' +
      'Unicode or very long names break clients and policies that match names, and look-alike letters can ' +
      "imitate another tool's name.",
    remediation: {
      text: 'Rename the tool with the allowed characters.',
      language: 'ts',
      example: `server.registerTool('get_weather', ...); // not 'get weather' or 'gеt_weather' (Cyrillic е)`,
    },
  },
  run(s) {
    return s.tools
      .filter((t) => !validToolName(t.name))
      .map((t) => ({
        location: `tool \`${t.name.slice(0, 60)}\``,
        evidence: `${JSON.stringify(t.name.slice(0, 60))} (${t.name.length} chars)`,
      }));
  },
});
