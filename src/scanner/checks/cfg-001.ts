import { secretsIn } from '../lib/detectors.js';
import { masked } from '../lib/mask.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const SECRET_NAME =
  /(?:token|secret|password|passwd|api_?key|apikey|private_?key|access_?key|credentials?)$/i;

/** A value that refers to a secret kept elsewhere: `${VAR}`, `$VAR`, `env:VAR`, `{{ secret }}`, `op://...`. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    v.startsWith('$') ||
    v.startsWith('env:') ||
    v.startsWith('{{') ||
    v.startsWith('op://') ||
    v.startsWith('<')
  );
}

export const check = defineCheck({
  meta: {
    id: 'CFG-001',
    title: 'Hardcoded credential in the server configuration',
    family: 'configuration',
    severity: 'high',
    owasp: 'MCP01',
    cwe: ['CWE-798'],
    references: [REF.owaspSecrets, REF.securityBestPractices],
    description:
      'The config entry that starts or reaches the server holds a credential in clear: an `env` value or a ' +
      "header recognised by the engine's `secrets` detector, or any literal value of a variable named like a " +
      'secret (`*_TOKEN`, `*_API_KEY`, `*_PASSWORD`). Client configs are copied into dotfile repositories, ' +
      'shared in chats and read by every other tool on the machine.',
    remediation: {
      text: 'Reference the secret from the environment or a secret manager, and rotate the exposed one.',
      language: 'json',
      example: `{ "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
  "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "\${env:GITHUB_TOKEN}" } } } }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l) return [];
    const out: Hit[] = [];
    const headers = (l.entry?.headers ?? {}) as Record<string, unknown>;
    const values: [string, string][] = [
      ...Object.entries(l.env).map(([k, v]): [string, string] => [`env.${k}`, v]),
      ...Object.entries(headers).map(([k, v]): [string, string] => [`headers.${k}`, String(v)]),
    ];
    for (const [where, value] of values) {
      if (isReference(value)) continue;
      const found = secretsIn({ [where.slice(where.indexOf('.') + 1)]: value }, s.target);
      const name = where.slice(where.indexOf('.') + 1);
      if (found.length > 0)
        out.push({ location: where, evidence: `${found[0]!.kind ?? 'credential'} \`${masked(value)}\`` });
      else if (SECRET_NAME.test(name) && value.length >= 8)
        out.push({ location: where, evidence: `literal value \`${masked(value)}\``, severity: 'medium' });
    }
    return out;
  },
});
