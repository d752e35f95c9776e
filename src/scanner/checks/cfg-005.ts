import { basename } from '../lib/packages.js';
import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const ELEVATE = new Set(['sudo', 'doas', 'pkexec', 'runas', 'gsudo', 'su']);
const DOCKER_FLAGS: [test: (a: string, next: string | undefined) => boolean, what: string][] = [
  [(a) => a === '--privileged', '`--privileged`'],
  [(a, n) => (a === '--network' || a === '--net') && n === 'host', '`--network host`'],
  [(a) => a === '--network=host' || a === '--net=host', '`--network host`'],
  [(a, n) => a === '--pid' && n === 'host', '`--pid host`'],
  [(a, n) => a === '--cap-add' && (n === 'ALL' || n === 'SYS_ADMIN'), '`--cap-add` of admin capabilities'],
  [(a) => a.includes('docker.sock'), 'the Docker socket mounted'],
  [
    (a, n) => (a === '-v' || a === '--volume') && !!n && (n.startsWith('/:') || n === '/'),
    'the host root mounted',
  ],
];

export const check = defineCheck({
  meta: {
    id: 'CFG-005',
    title: 'Server started with elevated privileges',
    family: 'configuration',
    severity: 'high',
    owasp: 'MCP02',
    cwe: ['CWE-250'],
    references: [REF.securityBestPractices, 'https://docs.docker.com/engine/security/'],
    description:
      'The server runs as root (`sudo`, `doas`) or in a container that is not confined (`--privileged`, host ' +
      'network or PID namespace, the Docker socket or the host root mounted). A compromised or malicious server ' +
      "then owns the machine instead of one user's session.",
    remediation: {
      text: 'Run the server as the user, or in a container without privileges and with only the mounts it needs.',
      language: 'json',
      example: `{ "command": "docker", "args": ["run", "-i", "--rm", "--read-only", "--cap-drop=ALL", "-v", "/home/dev/project:/data:ro", "mcp/filesystem:1.2.0", "/data"] }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l || !l.command) return [];
    const out: Hit[] = [];
    if (ELEVATE.has(basename(l.command)))
      out.push({ location: 'command', evidence: `started with \`${basename(l.command)}\`` });
    const docker = ['docker', 'podman', 'nerdctl'].includes(basename(l.command)) ? l.args : [];
    docker.forEach((a, i) => {
      for (const [test, what] of DOCKER_FLAGS)
        if (test(a, docker[i + 1])) out.push({ location: `args[${i}]`, evidence: what });
    });
    return out;
  },
});
