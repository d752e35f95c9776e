import { FAMILIES } from '../../detectors/lib/injection.js';
import { listingFindings } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const INJECTION = new Set<string>(FAMILIES);

export const check = defineCheck({
  meta: {
    id: 'TOOL-001',
    title: 'Poisoned tool description',
    family: 'tools',
    severity: 'critical',
    owasp: 'MCP03',
    cwe: ['CWE-1427', 'CWE-74'],
    references: [REF.toolPoisoning, REF.toolSecurity, REF.owaspMcp],
    description:
      "A tool's name, description or input schema holds instructions aimed at the model (the engine's " +
      '`tool_poisoning` detector: instruction overrides, concealment, `<IMPORTANT>` blocks, requests to read ' +
      'credential files or send data out). The model reads every description of every connected server before ' +
      'any call, so a poisoned tool acts even if it is never used.',
    remediation: {
      text: 'Describe what the tool does, for the user, and nothing else; remove the server until it does.',
      language: 'ts',
      example: `server.registerTool('daily_fact', {
  description: 'Returns a fact of the day.',
  inputSchema: {},
}, handler);`,
    },
  },
  run(s) {
    return listingFindings(s)
      .poisoning.filter((f) => f.list === 'tools' && INJECTION.has(f.kind ?? ''))
      .map((f) => ({
        location: `tool \`${f.item}\` (${f.path})`,
        evidence: f.message,
        severity: f.severity,
      }));
  },
});
