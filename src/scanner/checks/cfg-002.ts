import { detectors } from '../../detectors/index.js';
import { basename } from '../lib/packages.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'cmd', 'powershell', 'pwsh']);
const SCRIPT_FLAGS = new Set(['-c', '/c', '/k', '-command', '-lc', '-ic']);
const commandInjection = detectors.command_injection!.create(detectors.command_injection!.options.parse({}));

export const check = defineCheck({
  meta: {
    id: 'CFG-002',
    title: 'Shell injection shapes in the start-up command',
    family: 'configuration',
    severity: 'high',
    owasp: 'MCP05',
    cwe: ['CWE-78'],
    references: [REF.owaspCommand, REF.securityBestPractices],
    description:
      'The server is started through a shell script (`sh -c`, `cmd /c`, `powershell -Command`) or with ' +
      'arguments that chain commands, substitute output, pipe a download into an interpreter or open a reverse ' +
      "shell (the engine's `command_injection` detector, run on the start-up command as on a shell tool's " +
      'argument). A config that runs more than the server is the classic shape of a malicious one-click install.',
    remediation: {
      text: 'Start the server binary directly with an argument array; no shell, no chained commands.',
      language: 'json',
      example: `{ "command": "node", "args": ["/opt/mcp/weather/dist/index.js"] }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l || !l.command) return [];
    const shell = SHELLS.has(basename(l.command));
    const flag = l.args.findIndex((a) => SCRIPT_FLAGS.has(a.toLowerCase()));
    const script = shell && flag >= 0 ? l.args.slice(flag + 1).join(' ') : null;
    const input = {
      phase: 'request' as const,
      method: 'tools/call',
      server: s.target,
      tool: script !== null ? 'shell' : 'launch',
      params: {
        name: script !== null ? 'shell' : 'launch',
        arguments: script !== null ? { command: script } : { args: l.args },
      },
    };
    const seen = new Set<string>();
    const out: Hit[] = [];
    for (const f of commandInjection(input).findings) {
      if (seen.has(f.message)) continue;
      seen.add(f.message);
      out.push({
        location: script !== null ? `args[${flag + 1}]` : (f.path ?? 'args').replace('params.arguments.', ''),
        evidence: f.message,
        severity: f.severity,
      });
    }
    return out;
  },
});
