import { wordIn } from '../lib/words.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

const DANGEROUS = new Set([
  'eval',
  'exec',
  'sudo',
  'su',
  'rm',
  'rmrf',
  'shell',
  'bash',
  'powershell',
  'chmod',
  'chown',
  'mkfs',
  'wipe',
  'purge',
  'dd',
  'kill',
  'reboot',
  'shutdown',
  'drop',
  'truncate',
]);

export const check = defineCheck({
  meta: {
    id: 'TOOL-008',
    title: 'Dangerous tool name',
    family: 'tools',
    severity: 'medium',
    owasp: 'MCP05',
    cwe: ['CWE-749'],
    references: [REF.toolSecurity, REF.securityBestPractices],
    description:
      'A tool is named after an operation that runs code, escalates privileges or destroys data (`eval`, ' +
      '`exec`, `sudo`, `rm`, `drop`, `truncate`, `shutdown`...). Such tools deserve a human confirmation and a ' +
      "policy; clients that auto-approve tools will run them on a model's say-so.",
    remediation: {
      text: 'Mark the tool `destructiveHint: true`, require confirmation in clients, and deny it by default in the gateway policy.',
      language: 'yaml',
      example: `# mcpshield policy (rules match one tool glob each)
rules:
  - id: no-exec
    tool: 'exec*'
    decision: deny
    message: code execution is not allowed through this gateway`,
    },
  },
  run(s) {
    return s.tools.flatMap((t) => {
      const w = wordIn(t.name, DANGEROUS);
      return w ? [{ location: `tool \`${t.name}\``, evidence: `name contains \`${w}\`` }] : [];
    });
  },
});
