import { PATH_PARAMS, paramNames } from '../lib/capabilities.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-006',
    title: 'File path parameter without constraints',
    family: 'tools',
    severity: 'medium',
    owasp: 'MCP05',
    cwe: ['CWE-22'],
    references: [REF.toolSecurity, REF.cwe(22)],
    description:
      'A tool takes a file system path as a free string (no `pattern`, `enum` or `format`). The server must then ' +
      'confine paths itself; a prompt-injected `../../.ssh/id_rsa` or a symlink tests whether it does. Put ' +
      'a gateway policy with the `path_traversal` and `sensitive_paths` detectors in front of such tools.',
    remediation: {
      text: 'Resolve paths against an allowed root (following symlinks) and reject anything outside; describe the constraint in the schema.',
      language: 'ts',
      example: `const real = await fs.realpath(path.resolve(ROOT, input.path));
if (real !== ROOT && !real.startsWith(ROOT + path.sep)) throw new Error('path outside the allowed directory');`,
    },
  },
  run(s) {
    return s.tools.flatMap((t) => {
      const props = (t.inputSchema?.properties ?? {}) as Record<string, Record<string, unknown>>;
      const free = paramNames(t).filter((p) => {
        const schema = props[p] ?? {};
        return (
          PATH_PARAMS.has(p.toLowerCase()) &&
          !schema.pattern &&
          !schema.enum &&
          !schema.const &&
          !schema.format
        );
      });
      return free.length
        ? [
            {
              location: `tool \`${t.name}\``,
              evidence: `free-form path ${free.map((p) => `\`${p}\``).join(', ')}`,
            },
          ]
        : [];
    });
  },
});
