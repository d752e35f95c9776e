import { z } from 'zod';
import {
  classifyHost,
  findUrlRefs,
  hostMatches,
  isHostKey,
  lenientHosts,
  type HostClass,
  type UrlRef,
} from './lib/url.js';
import { walkStrings } from './lib/walk.js';
import { defineDetector, type DetectorInput, type Finding } from './types.js';

/** Schemes flagged wherever they point: they carry raw bytes to any service, or make Java load things. */
const SMUGGLING_REASON = new Map([
  ['gopher', 'sends raw bytes to any TCP service (Redis, SMTP, FastCGI)'],
  ['dict', 'sends raw commands to any TCP service'],
  ['ldap', 'makes LDAP lookups (JNDI injection)'],
  ['ldaps', 'makes LDAP lookups (JNDI injection)'],
  ['ldapi', 'makes LDAP lookups over a local socket'],
  ['tftp', 'fetches files over UDP without authentication'],
  ['jar', 'makes Java fetch and open an archive'],
  ['netdoc', 'makes Java read local files'],
]);
/**
 * For `resources/*`, only these schemes are network targets: a server's own schemes (`postgres://`,
 * `screen://`) name the resources it published. A `file:` resource URI is not flagged as such (it is how
 * servers publish files; the path detectors judge it), only when its host is internal (`file://10.0.0.7/`).
 */
const NETWORK_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'sftp', 'file']);
for (const scheme of SMUGGLING_REASON.keys()) NETWORK_SCHEMES.add(scheme);
const MAX_FINDINGS = 50;
/** `redis:6379`, `ollama:11434/api`: a bare name with a port is a host. */
const HOST_PORT = /^[\w.-]+:\d{1,5}(?:[/?#]|$)/;

type Verdict = { kind: string; about: string; message: string };
type Reached = HostClass & { host: string };
/** The class of a host that is not exempted, or null. */
type Classify = (host: string) => HostClass | null;

export const ssrf = defineDetector({
  meta: {
    id: 'ssrf',
    title: 'Server-side request forgery',
    description:
      'URLs and hosts in tool, prompt and resource arguments that reach loopback, private, link-local, ' +
      'unique-local, CGNAT, multicast, broadcast, unspecified, reserved or cloud-metadata addresses, in any ' +
      'encoding a URL parser or resolver accepts (decimal, octal, hex, short IPv4, IPv4 inside IPv6, ' +
      'full-width digits, percent-encoding, userinfo tricks); internal names (localhost, *.internal, ' +
      'cluster services, single-label hosts); wildcard-DNS names that embed such an address; and schemes ' +
      'that reach local services (file:, gopher:, dict:, ldap:, tftp:, jar:, netdoc:).',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['request'],
    methods: ['tools/call', 'resources/read', 'resources/subscribe', 'prompts/get'],
    references: [
      'https://owasp.org/www-community/attacks/Server_Side_Request_Forgery',
      'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
      'https://url.spec.whatwg.org/#host-parsing',
      'https://www.iana.org/assignments/iana-ipv4-special-registry/',
      'https://www.iana.org/assignments/iana-ipv6-special-registry/',
    ],
    cwe: ['CWE-918'],
    owasp: 'MCP05',
  },
  options: z.object({
    /** Hosts exempted (`allowed_domains` glob semantics: `*.example.org`, IP literals compared canonically). */
    allow_hosts: z.array(z.string()).default([]),
  }),
  create({ allow_hosts }) {
    const allowed = (host: string) => allow_hosts.some((p) => hostMatches(host, p));
    return (input) => {
      const findings: Finding[] = [];
      // Made on first use (most calls name no URL): findings already made, and host classes, as one call
      // often names one host many times.
      let seen: Set<string> | undefined;
      let classes: Map<string, HostClass | null> | undefined;
      const classify = (host: string) => {
        let c = (classes ??= new Map()).get(host);
        if (c === undefined) classes.set(host, (c = allowed(host) ? null : classifyHost(host)));
        return c;
      };
      const visit = (value: string, path: string, key: string | undefined, resource: boolean): boolean => {
        for (const ref of findUrlRefs(value, key)) {
          const v = judge(ref, key, resource, classify);
          if (!v) continue;
          const id = `${path}\0${v.kind}\0${v.about}`;
          if ((seen ??= new Set()).has(id)) continue;
          seen.add(id);
          findings.push({ detector: 'ssrf', severity: 'high', message: v.message, kind: v.kind, path });
          if (findings.length >= MAX_FINDINGS) return true;
        }
        return false;
      };
      const params = input.params;
      if (params === null || typeof params !== 'object') return { findings };
      if (isResourceMethod(input)) {
        const uri = (params as { uri?: unknown }).uri;
        if (typeof uri === 'string') visit(uri, 'params.uri', 'uri', true);
      } else {
        const args = (params as { arguments?: unknown }).arguments;
        walkStrings(args, 'params.arguments', (value, path, key) => visit(value, path, key, false));
      }
      return { findings };
    };
  },
});

function isResourceMethod(input: DetectorInput): boolean {
  return input.method === 'resources/read' || input.method === 'resources/subscribe';
}

/** The finding for one ref, or null when it reaches nothing internal. */
function judge(ref: UrlRef, key: string | undefined, resource: boolean, classify: Classify): Verdict | null {
  const { scheme } = ref;
  if (resource && scheme !== null && !NETWORK_SCHEMES.has(scheme)) return null;
  const reached = reachedHost(ref, key, classify);
  const dangerous = scheme === null ? undefined : SMUGGLING_REASON.get(scheme);
  if (dangerous || (scheme === 'file' && !resource)) {
    const what = dangerous
      ? `uses \`${scheme}:\`, which ${dangerous}`
      : 'is a `file:` URL (local file access)';
    const message = `\`${short(ref.raw)}\` ${what}${reached ? `; it ${reaches(reached)}` : ''}`;
    return { kind: dangerous ? 'dangerous-scheme' : 'file-url', about: ref.raw, message };
  }
  if (!reached) return null;
  return {
    kind: reached.kind,
    about: reached.address ?? reached.host,
    message: `\`${short(ref.raw)}\` ${reaches(reached)}`,
  };
}

function reaches(r: Reached): string {
  return `reaches ${r.address ?? `\`${r.host}\``} (${r.detail})`;
}

/** The first internal host among the WHATWG host and the hosts laxer parsers would see. */
function reachedHost(ref: UrlRef, key: string | undefined, classify: Classify): Reached | null {
  if (ref.host !== null) {
    const c = internal(ref.host, ref, key, classify);
    if (c) return c;
  }
  for (const host of lenientHosts(ref)) {
    const c = internal(host, ref, key, classify);
    if (c) return c;
  }
  return null;
}

function internal(host: string, ref: UrlRef, key: string | undefined, classify: Classify): Reached | null {
  const c = classify(host);
  if (!c || (c.kind === 'internal-name' && !host.includes('.') && !namesHost(ref, key))) return null;
  return { ...c, host };
}

/**
 * A bare single-label value (`staging`) names a host only under a host key (`host`, `db_host`) or with a
 * port (`redis:6379`): under `target`, `server` or `link` it is more often a name or a relative path.
 */
function namesHost(ref: UrlRef, key: string | undefined): boolean {
  return ref.scheme !== null || (key !== undefined && isHostKey(key)) || HOST_PORT.test(ref.raw);
}

/** A user value for a one-line message: no backticks or controls, at most 80 characters. */
function short(raw: string): string {
  return (raw.length > 80 ? `${raw.slice(0, 77)}...` : raw).replace(/[\u0000-\u001f\u007f`]/g, '?');
}
