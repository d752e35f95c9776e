import { listingFindings } from '../lib/detectors.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-014',
    title: 'Credential in tool, prompt or resource definitions',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP01',
    cwe: ['CWE-798', 'CWE-200'],
    references: [REF.owaspSecrets, REF.toolSecurity],
    description:
      'A definition the server lists (a description, a default value, an example) contains a credential (the ' +
      "engine's `secrets` detector: cloud keys, tokens, private keys, connection strings with passwords). " +
      'Every client and every model that connects reads it.',
    remediation: {
      text: 'Remove the credential from the definition and rotate it; read credentials from the environment at call time.',
      language: 'ts',
      example: `inputSchema: { region: z.string().default('eu-west-1') } // never a key as a default or example`,
    },
  },
  run(s) {
    return listingFindings(s).secrets.map((f) => ({
      location: `${f.list} \`${f.item}\` (${f.path})`,
      evidence: f.message,
    }));
  },
});
