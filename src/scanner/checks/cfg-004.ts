import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'CFG-004',
    title: 'Server script reached through a symbolic link',
    family: 'configuration',
    severity: 'low',
    owasp: 'MCP04',
    cwe: ['CWE-59'],
    references: [REF.cwe(59), REF.securityBestPractices],
    description:
      'The script the config starts is a symbolic link. What runs is decided by whoever controls the link: ' +
      'reviewing the path in the config says nothing about the code, and re-pointing the link swaps the ' +
      'server without touching the config. (Only script arguments are checked: package managers install ' +
      'commands such as `npx` as links on purpose.)',
    remediation: {
      text: 'Point the config at the real file, in a directory only its owner can write.',
      language: 'json',
      example: `{ "command": "node", "args": ["/opt/mcp/weather/dist/index.js"] }`,
    },
  },
  run(s) {
    return (s.launch?.symlinks ?? []).map((l) => ({
      location: l.path,
      evidence: `links to \`${l.target}\``,
    }));
  },
});
