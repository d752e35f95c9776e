import { homedir } from 'node:os';
import { detectors } from '../../detectors/index.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const sensitivePaths = detectors.sensitive_paths!.create(detectors.sensitive_paths!.options.parse({}));
const BROAD = new Set(['/', '~', '~/', '$HOME', '${HOME}', 'C:\\', 'C:/', '/home', '/Users', '/root']);

export const check = defineCheck({
  meta: {
    id: 'CFG-006',
    title: 'Server given the whole file system, a home directory or credential files',
    family: 'configuration',
    severity: 'medium',
    owasp: 'MCP02',
    cwe: ['CWE-732', 'CWE-552'],
    references: [REF.securityBestPractices, REF.cwe(552)],
    description:
      'An argument of the start-up command opens `/`, a home directory, or a credential location (`~/.ssh`, ' +
      "`~/.aws`, browser profiles: the engine's `sensitive_paths` detector) to the server. A filesystem-like " +
      'server started this way can read every key and token of the user (credential paths are high).',
    remediation: {
      text: 'Give the server the one project directory it needs.',
      language: 'json',
      example: `{ "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2026.8.31", "/home/dev/project"] }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l) return [];
    const home = homedir();
    const out: Hit[] = [];
    l.args.forEach((a, i) => {
      if (a.startsWith('-')) return;
      const trimmed = a.length > 1 ? a.replace(/[\\/]$/, '') : a;
      if (BROAD.has(a) || BROAD.has(trimmed) || trimmed === home) {
        out.push({
          location: `args[${i}]`,
          evidence: `\`${a}\` is the whole file system or a home directory`,
        });
        return;
      }
      const found = sensitivePaths({
        phase: 'request',
        method: 'tools/call',
        server: s.target,
        tool: 'read_file',
        params: { name: 'read_file', arguments: { path: a } },
      }).findings;
      if (found.length) out.push({ location: `args[${i}]`, evidence: found[0]!.message, severity: 'high' });
    });
    return out;
  },
});
