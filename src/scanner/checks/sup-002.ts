import { advisoriesFor, parseVersion } from '../../advisories/index.js';
import { launchedPackage } from '../lib/packages.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'SUP-002',
    title: 'Package version not pinned',
    family: 'supply-chain',
    severity: 'low',
    owasp: 'MCP04',
    cwe: ['CWE-1357', 'CWE-494'],
    references: [REF.owaspMcp, 'https://docs.npmjs.com/cli/commands/npx'],
    description:
      'The config runs a package without an exact version (`npx -y pkg`, `pkg@latest`, `uvx pkg`): every start ' +
      'may install whatever was published last, including a hijacked release, and what was reviewed is not what ' +
      'runs. Medium when the package has known advisories (an old cached copy may be vulnerable).',
    remediation: {
      text: 'Pin an exact version and update it deliberately.',
      language: 'json',
      example: `{ "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2026.8.31"] }`,
    },
  },
  run(s) {
    const pkg = s.launch ? launchedPackage(s.launch) : null;
    if (!pkg || pkg.source !== 'registry' || (pkg.version && parseVersion(pkg.version))) return [];
    const known = advisoriesFor(pkg.ecosystem, pkg.name, null);
    return [
      {
        location: pkg.spec,
        evidence: `${pkg.version ? `\`${pkg.version}\` is a tag, not a version` : 'no version'}${known.length ? `; the package has advisories ${known.map((k) => k.advisory.id).join(', ')}` : ''}`,
        severity: known.length ? 'medium' : 'low',
      },
    ];
  },
});
