import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '*']);
const HOST_FLAGS = new Set(['--host', '-h', '--bind', '--listen', '--address', '--hostname']);
const HOST_ENV = new Set([
  'HOST',
  'BIND',
  'BIND_ADDRESS',
  'LISTEN_ADDRESS',
  'MCP_HOST',
  'SERVER_HOST',
  'FASTMCP_HOST',
]);

export const check = defineCheck({
  meta: {
    id: 'TRN-006',
    title: 'Local server listens on every network interface',
    family: 'transport',
    severity: 'high',
    owasp: 'MCP09',
    cwe: ['CWE-1327'],
    references: [REF.transports, REF.securityBestPractices],
    description:
      'A server meant for this machine is bound to `0.0.0.0` (every interface): anyone on the same network, ' +
      "café Wi-Fi included, can reach it. The scanner sees this when the loopback target's port also accepts " +
      'connections on another address of the machine, or when the launch configures such a bind address.',
    remediation: {
      text: 'Bind local servers to 127.0.0.1 (and ::1); put remote servers behind TLS and authentication.',
      language: 'ts',
      example: `app.listen(3000, '127.0.0.1');`,
    },
  },
  run(s) {
    const out: Hit[] = [];
    if (s.http?.allInterfaces) {
      out.push({
        location: s.http.url,
        evidence: `the port also accepts connections on \`${s.http.allInterfaces}\``,
      });
    }
    const l = s.launch;
    if (l) {
      l.args.forEach((a, i) => {
        const [flag, inline] = a.includes('=')
          ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
          : [a, null];
        const value = inline ?? (HOST_FLAGS.has(flag) ? l.args[i + 1] : null);
        if (HOST_FLAGS.has(flag) && value && ALL_INTERFACES.has(value)) {
          out.push({ location: `args[${i}]`, evidence: `\`${flag} ${value}\``, severity: 'medium' });
        }
      });
      for (const [k, v] of Object.entries(l.env)) {
        if (HOST_ENV.has(k.toUpperCase()) && ALL_INTERFACES.has(v))
          out.push({ location: `env.${k}`, evidence: `\`${k}=${v}\``, severity: 'medium' });
      }
    }
    return out;
  },
});
