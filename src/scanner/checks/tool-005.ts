import { COMMAND_PARAMS, paramNames } from '../lib/capabilities.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TOOL-005',
    title: 'Tool takes a shell command',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP05',
    cwe: ['CWE-78'],
    references: [REF.owaspCommand, REF.toolSecurity],
    description:
      'A tool has a parameter meant to hold a shell command (`command`, `cmd`, `script`, `shell`, ' +
      "`command_line`: the shell arguments of the engine's `command_injection` detector). Any prompt injection " +
      "that reaches the model becomes code execution on the server's host.",
    remediation: {
      text: 'Offer narrow tools with typed parameters instead of a command line; if a shell is the product, run it in a sandbox and gate calls with a policy.',
      language: 'ts',
      example: `// Instead of run_command({ command }), one tool per operation, no shell:
server.registerTool('git_status', { inputSchema: { repo: z.string().regex(/^[\\w.-]+$/) } },
  async ({ repo }) => text(await execFile('git', ['-C', join(ROOT, repo), 'status', '--short'])));`,
    },
  },
  run(s) {
    return s.tools.flatMap((t) => {
      const params = paramNames(t).filter((p) => COMMAND_PARAMS.has(p.toLowerCase()));
      return params.length
        ? [
            {
              location: `tool \`${t.name}\``,
              evidence: `parameter ${params.map((p) => `\`${p}\``).join(', ')}`,
            },
          ]
        : [];
    });
  },
});
