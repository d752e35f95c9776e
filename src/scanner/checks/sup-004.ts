import { launchedPackage } from '../lib/packages.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'SUP-004',
    title: 'Package installed from a URL or a git repository',
    family: 'supply-chain',
    severity: 'medium',
    owasp: 'MCP04',
    cwe: ['CWE-494', 'CWE-829'],
    references: [
      REF.owaspMcp,
      'https://docs.npmjs.com/cli/configuring-npm/package-json#git-urls-as-dependencies',
    ],
    description:
      'The config installs the server from a URL or a git repository instead of a registry release. Nothing ' +
      'records which code was reviewed, no advisory can name its version, and whoever controls the branch or ' +
      'host changes what runs.',
    remediation: {
      text: 'Install a published, pinned release (or a commit hash for git, at the very least).',
      language: 'json',
      example: `{ "command": "npx", "args": ["-y", "weather-mcp@1.4.2"] }`,
    },
  },
  run(s) {
    const pkg = s.launch ? launchedPackage(s.launch) : null;
    if (!pkg || (pkg.source !== 'url' && pkg.source !== 'git')) return [];
    return [
      { location: pkg.spec, evidence: `installed from a ${pkg.source === 'git' ? 'git repository' : 'URL'}` },
    ];
  },
});
