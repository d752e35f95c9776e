import { injectionIn } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-015',
    title: "Instructions for the model in the server's `instructions`",
    family: 'tools',
    severity: 'high',
    owasp: 'MCP06',
    cwe: ['CWE-1427'],
    references: [`${REF.tools.replace('server/tools', 'basic/lifecycle')}#initialization`, REF.toolPoisoning],
    description:
      'The `instructions` the server returns from `initialize` (which clients add to the system prompt) hold ' +
      "prompt-injection shapes (the engine's `prompt_injection` detector): overriding the user, hiding actions, " +
      'sending data out.',
    remediation: {
      text: "Limit `instructions` to how to use this server's tools.",
      language: 'ts',
      example: `new McpServer({ name: 'weather', version: '1.0.0' }, { instructions: 'Call get_forecast with a city name.' });`,
    },
  },
  run(s) {
    const text = s.server?.instructions;
    if (!text) return [];
    return injectionIn(text, s.target).map((f) => ({
      location: 'initialize.instructions',
      evidence: f.message,
      severity: f.severity,
    }));
  },
});
