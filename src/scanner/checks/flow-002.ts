import { defineCheck } from '../types.js';
import { toolsWith } from './flow-001.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'FLOW-002',
    title: 'Toxic flow: untrusted input and command execution in one server',
    family: 'toxic-flows',
    severity: 'high',
    owasp: 'MCP05',
    cwe: ['CWE-94', 'CWE-1427'],
    references: [REF.toxicFlows, REF.owaspCommand],
    description:
      'One server both brings untrusted content into the context (web pages, issues, downloads) and runs ' +
      'commands. A prompt injection in a fetched page is one tool call away from code execution on the host.',
    remediation: {
      text: 'Separate the fetching and the executing tools into different servers and require confirmation for commands.',
      language: 'yaml',
      example: `rules:
  - id: confirm-commands
    tool: 'run_*'
    decision: deny
    message: commands need a person's approval`,
    },
  },
  run(s) {
    const untrusted = toolsWith(s.tools, 'untrusted-input');
    const command = toolsWith(s.tools, 'command');
    if (!untrusted.length || !command.length) return [];
    return [
      {
        location: 'tools/list',
        evidence: `untrusted input ${untrusted
          .slice(0, 3)
          .map((n) => `\`${n}\``)
          .join(', ')}; commands ${command
          .slice(0, 3)
          .map((n) => `\`${n}\``)
          .join(', ')}`,
      },
    ];
  },
});
