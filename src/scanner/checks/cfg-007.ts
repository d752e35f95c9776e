import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'CFG-007',
    title: 'Server files writable by every user',
    family: 'configuration',
    severity: 'high',
    owasp: 'MCP04',
    cwe: ['CWE-732'],
    references: [REF.cwe(732)],
    description:
      'The command or a script the config starts is world-writable: any account or process on the machine can ' +
      "replace the server's code, which then runs with the user's rights every time the client starts.",
    remediation: {
      text: 'Remove write permission for others.',
      language: 'bash',
      example: `chmod o-w /opt/mcp/weather/dist/index.js`,
    },
  },
  run(s) {
    return (s.launch?.worldWritable ?? []).map((p) => ({
      location: p,
      evidence: 'mode allows writes by others',
    }));
  },
});
