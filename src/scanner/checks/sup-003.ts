import { launchedPackage } from '../lib/packages.js';
import { imitated } from '../lib/typosquat.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'SUP-003',
    title: 'Possible typosquat of a popular MCP package',
    family: 'supply-chain',
    severity: 'high',
    owasp: 'MCP04',
    cwe: ['CWE-1357'],
    references: [REF.npmTyposquat, REF.owaspMcp],
    description:
      'The package name is one or two edits away from a popular MCP package, or is a popular scoped name ' +
      'without its scope (`server-filesystem` for `@modelcontextprotocol/server-filesystem`). Typosquats copy ' +
      'the real server and add a payload; a config copied from a blog post is the usual way in.',
    remediation: {
      text: "Check the package name letter by letter against the publisher's documentation, and pin the real one.",
      language: 'json',
      example: `{ "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2026.8.31", "/home/dev/project"] }`,
    },
  },
  run(s) {
    const pkg = s.launch ? launchedPackage(s.launch) : null;
    const real = pkg && pkg.source === 'registry' ? imitated(pkg.name) : null;
    return real ? [{ location: pkg!.spec, evidence: `\`${pkg!.name}\` looks like \`${real}\`` }] : [];
  },
});
