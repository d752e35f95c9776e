import { secretsIn } from '../lib/detectors.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'CFG-008',
    title: 'Credential on the command line',
    family: 'configuration',
    severity: 'high',
    owasp: 'MCP01',
    cwe: ['CWE-214', 'CWE-798'],
    references: [REF.owaspSecrets, REF.cwe(214)],
    description:
      "A start-up argument holds a credential (the engine's `secrets` detector): command lines are visible to " +
      'every process of the machine (`ps`), land in shell history and crash reports, besides sitting in the ' +
      'config file.',
    remediation: {
      text: 'Pass credentials through the environment (from a secret manager), never as arguments.',
      language: 'json',
      example: `{ "command": "weather-mcp", "args": ["--region", "eu"], "env": { "WEATHER_API_KEY": "\${env:WEATHER_API_KEY}" } }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l) return [];
    const out: Hit[] = [];
    l.args.forEach((a, i) => {
      const found = secretsIn({ arg: a }, s.target);
      if (found.length) out.push({ location: `args[${i}]`, evidence: found[0]!.message });
    });
    return out;
  },
});
