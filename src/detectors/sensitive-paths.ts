import { z } from 'zod';
import {
  compilePathGlob,
  decodePathLayers,
  fileUrlPath,
  findUrls,
  foldPathChars,
  forEachRequestString,
  formatLoose,
  homeRelative,
  isPathLike,
  mayBeEncoded,
  resolveLoose,
  showValue,
  type LoosePath,
} from './lib/path.js';
import { defineDetector, type Finding, type Severity } from './types.js';

export const sensitivePaths = defineDetector({
  meta: {
    id: 'sensitive_paths',
    title: 'Sensitive paths',
    description:
      'Finds credential and system files in path arguments: SSH and GPG keys, cloud, kube and docker ' +
      'credentials, `.env` files, package-registry tokens, `.netrc`, git credentials, MCP client configs, shell ' +
      'history, `/etc/shadow` and friends, `/proc/*/environ`, browser cookie and login stores, keychains, ' +
      'Windows registry hives and private key files. Paths are decoded and resolved first, so the file is ' +
      'found also behind `../../`, percent or lookalike encodings, `~` or `$HOME`, Windows forms and `file:` URLs.',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['request'],
    methods: ['tools/call', 'resources/read', 'resources/subscribe'],
    references: [
      'https://cwe.mitre.org/data/definitions/552.html',
      'https://cwe.mitre.org/data/definitions/200.html',
    ],
    cwe: ['CWE-552', 'CWE-200'],
    owasp: 'MCP01',
  },
  options: z.object({
    /** Globs of resolved paths that may be read (`~/.aws/config`, `test/fixtures/*.env`); `~/` matches any home directory. */
    allow: z.array(z.string()).default([]),
  }),
  create({ allow }) {
    const allowed = allow.map(compilePathGlob);
    const isAllowed = (p: LoosePath) => {
      const views = [formatLoose(p), homeRelative(p)];
      return allowed.some((m) => views.some((v) => v !== undefined && m(v)));
    };
    return (input) => {
      const findings: Finding[] = [];
      forEachRequestString(input, (value, path, key) => {
        for (const candidate of candidates(value, key)) {
          const hit = findSensitive(candidate, isAllowed);
          if (!hit) continue;
          findings.push({
            detector: 'sensitive_paths',
            severity: hit.rule.severity,
            kind: hit.rule.kind,
            message: message(candidate, hit),
            path,
          });
          return;
        }
      });
      return { findings };
    };
  },
});

/** A `scheme://` URL other than `file:`. */
const WEB_URL = /^(?!file:)[a-z][a-z0-9+.-]{0,31}:\/\//i;

/** Keys whose value is a shell command line: its words are checked as paths (`cat ~/.aws/credentials`). */
const COMMAND_KEYS = new Set(['command', 'cmd', 'commandline', 'command_line', 'script', 'shell']);

/** The strings to check as paths: a path-like value, `file:` URLs anywhere, the words of a command. */
function candidates(value: string, key: string | undefined): string[] {
  const out: string[] = [];
  if (isPathLike(value, key) && !WEB_URL.test(value)) out.push(value);
  else if (/file:/i.test(value)) for (const u of findUrls(value)) if (/^file:/i.test(u)) out.push(u);
  if (key !== undefined && COMMAND_KEYS.has(key.toLowerCase())) for (const w of words(value)) out.push(w);
  return out;
}

function words(s: string): string[] {
  return s.split(/[\s"'`;|&()<>=]+/).filter((w) => /[\\/~.]/.test(w));
}

type Rule = { kind: string; severity: Severity; what: string };
type Hit = { rule: Rule; resolved: LoosePath };

/**
 * The first sensitive file, not exempted by `allow`, among the readings of a candidate: decoded (every
 * percent layer, lookalikes folded) and as written, each cut at a NUL byte (what a C API opens) and whole,
 * and word by word when it holds spaces.
 */
function findSensitive(candidate: string, isAllowed: (p: LoosePath) => boolean): Hit | undefined {
  const views = [candidate];
  if (mayBeEncoded(candidate)) {
    const layers = decodePathLayers(candidate);
    views.unshift(foldPathChars(layers[layers.length - 1]!));
  }
  for (const view of views) {
    const nul = view.indexOf('\0');
    for (const part of nul >= 0 ? [view.slice(0, nul), view] : [view]) {
      const text = part.trim();
      const readings = /\s/.test(text) ? [text, ...text.split(/\s+/)] : [text];
      for (const reading of readings) {
        if (WEB_URL.test(reading)) continue; // a remote server's file, not ours
        const resolved = resolveLoose(fileUrlPath(reading) ?? stripQuotes(reading));
        const rule = matchRules(resolved);
        if (rule && !isAllowed(resolved)) return { rule, resolved };
      }
    }
  }
  return undefined;
}

/** Quotes and brackets around a word: `'~/.npmrc'`, `(~/.ssh/config)`. A loop, not `/[...]+$/`, which is quadratic. */
function stripQuotes(s: string): string {
  let end = s.length;
  while (end > 0 && `"'\`)>],;`.includes(s[end - 1]!)) end--;
  let start = 0;
  while (start < end && `"'\`(<[`.includes(s[start]!)) start++;
  return s.slice(start, end);
}

function message(candidate: string, hit: Hit): string {
  const resolved = formatLoose(hit.resolved);
  const shown = showValue(candidate);
  const written = candidate.replace(/\\/g, '/');
  const via = resolved === written ? '' : ` (resolves to \`${showValue(resolved)}\`)`;
  return `${hit.rule.what}: \`${shown}\`${via}`;
}

// ---------------------------------------------------------------------------------------------------------
// Rules, on lower-cased resolved segments

const rule = (kind: string, what: string, severity: Severity = 'high'): Rule => ({ kind, severity, what });

const SSH = rule('ssh-key', 'ssh key material', 'critical');
const GPG = rule('gpg', 'gpg keyring', 'critical');
const CLOUD = rule('cloud-credentials', 'cloud credentials', 'critical');
const KUBE = rule('kube-config', 'kubernetes credentials');
const DOCKER = rule('docker-config', 'docker registry credentials');
const ENV = rule('env-file', 'environment file (usually holds secrets)');
const PACKAGE = rule('package-token', 'package registry token file');
const NETRC = rule('netrc', 'netrc password file');
const GIT = rule('git-credentials', 'stored git credentials');
const MCP = rule('mcp-client-config', 'mcp client config (server commands and api keys)');
const HISTORY = rule('shell-history', 'shell history (often holds typed secrets)');
const SYSTEM_CREDENTIALS = rule('system-credentials', 'system credential file', 'critical');
const SYSTEM_FILE = rule('system-file', 'sensitive system file', 'medium');
const PROCESS = rule('process-info', 'process memory, environment or command line');
const BROWSER = rule('browser-data', 'browser cookie or login store');
const KEYCHAIN = rule('keychain', 'keychain', 'critical');
const PRIVATE_KEY = rule('private-key-file', 'private key file', 'critical');

/** Names checked wherever they are (the last segment). */
const BASENAMES = new Map<string, Rule>([
  ['.npmrc', PACKAGE],
  ['.pypirc', PACKAGE],
  ['.netrc', NETRC],
  ['_netrc', NETRC],
  ['.git-credentials', GIT],
  ['claude_desktop_config.json', MCP],
  ['.claude.json', MCP],
  ['.mcp.json', MCP],
  ['cline_mcp_settings.json', MCP],
  ['application_default_credentials.json', CLOUD],
  ['credentials.tfrc.json', CLOUD],
  ['.vault-token', CLOUD],
  ['.envrc', ENV],
  ['cookies.binarycookies', BROWSER],
  ['ntds.dit', SYSTEM_CREDENTIALS],
  ['ntuser.dat', SYSTEM_CREDENTIALS],
  ['.htpasswd', SYSTEM_CREDENTIALS],
  // Classic traversal targets, and web-server files that the servers themselves refuse to serve.
  ['win.ini', SYSTEM_FILE],
  ['boot.ini', SYSTEM_FILE],
  ['.htaccess', SYSTEM_FILE],
  ['global.asa', SYSTEM_FILE],
  ...[
    '.bash_history',
    '.zsh_history',
    '.zhistory',
    '.sh_history',
    '.ksh_history',
    '.history',
    'fish_history',
    '.python_history',
    '.node_repl_history',
    '.psql_history',
    '.mysql_history',
    '.sqlite_history',
    '.rediscli_history',
    '.irb_history',
    '.lesshst',
    '.viminfo',
    'consolehost_history.txt',
  ].map((n): [string, Rule] => [n, HISTORY]),
]);

/** Editor directories whose `mcp.json` configures MCP servers. */
const MCP_DIRS = new Set(['.cursor', '.vscode', '.roo', '.amazonq', '.kiro', '.junie']);
const CHROMIUM_DIRS = new Set([
  'google-chrome',
  'chrome',
  'chromium',
  'microsoft edge',
  'microsoft-edge',
  'edge',
  'brave-browser',
  'bravesoftware',
  'vivaldi',
  'opera',
  'opera software',
  'yandexbrowser',
  'user data',
]);
const CHROMIUM_FILES = new Set([
  'login data',
  'login data for account',
  'cookies',
  'web data',
  'local state',
  'history',
]);
const FIREFOX_DIRS = new Set(['firefox', '.mozilla', 'mozilla', 'thunderbird', '.thunderbird']);
const FIREFOX_FILES = new Set([
  'cookies.sqlite',
  'logins.json',
  'key4.db',
  'key3.db',
  'signons.sqlite',
  'formhistory.sqlite',
]);
/** `.env.example` and friends are documentation, not secrets. */
const ENV_TEMPLATES = new Set([
  'example',
  'sample',
  'template',
  'tpl',
  'dist',
  'default',
  'defaults',
  'schema',
  'stub',
]);

function matchRules(p: LoosePath): Rule | undefined {
  if (p.segments.length === 0) return undefined;
  const segs = p.segments.map(windowsName);
  // macOS keeps /etc and /var under /private.
  if (segs[0] === 'private' && (segs[1] === 'etc' || segs[1] === 'var')) segs.shift();
  return inDirectory(segs) ?? byName(segs) ?? rooted(p, segs);
}

/**
 * The name Windows and case-insensitive filesystems open: lower case, trailing dots and spaces dropped
 * (`.env.` is `.env`), an alternate data stream dropped (`.env::$DATA` is `.env`).
 */
function windowsName(segment: string): string {
  const colon = segment.indexOf(':');
  let name = colon > 0 ? segment.slice(0, colon) : segment;
  let end = name.length;
  while (end > 0 && (name[end - 1] === '.' || name[end - 1] === ' ')) end--;
  name = end > 0 ? name.slice(0, end) : name;
  return name.toLowerCase();
}

/** Files identified by a directory above them, wherever that directory is. */
function inDirectory(segs: string[]): Rule | undefined {
  const last = segs[segs.length - 1]!;
  // Looked up once, so that a hostile path of many `gcloud/` segments stays linear.
  const lastCredentials = findLastIndex(
    segs,
    (s) => s.includes('credentials') || s.includes('access_tokens'),
  );
  const lastWindsurfConfig = segs.lastIndexOf('mcp_config.json');
  for (let i = 0; i < segs.length; i++) {
    const next = segs[i + 1];
    switch (segs[i]) {
      case '.ssh':
        if (!last.endsWith('.pub')) return SSH;
        break;
      case '.gnupg':
        return GPG;
      case '.aws':
      case '.azure':
        return CLOUD;
      case 'gcloud':
        if (lastCredentials > i) return CLOUD;
        break;
      case '.kube':
        if (next?.startsWith('config')) return KUBE;
        break;
      case 'kubernetes.io':
        if (next === 'serviceaccount') return KUBE;
        break;
      case '.docker':
        if (next === 'config.json') return DOCKER;
        break;
      case '.gem':
        if (next === 'credentials') return PACKAGE;
        break;
      case '.cargo':
        if (next === 'credentials' || next === 'credentials.toml') return PACKAGE;
        break;
      case '.config':
        if (
          (next === 'gh' && segs[i + 2] === 'hosts.yml') ||
          (next === 'git' && segs[i + 2] === 'credentials')
        )
          return GIT;
        break;
      case 'windsurf':
        if (lastWindsurfConfig > i) return MCP;
        break;
      case '.gemini':
        if (next === 'settings.json') return MCP;
        break;
      case 'keychains':
        return KEYCHAIN;
      case 'system32':
        if (next === 'config' && ['sam', 'system', 'security'].includes(segs[i + 2] ?? ''))
          return SYSTEM_CREDENTIALS;
        break;
      case 'repair':
        if (['sam', 'system', 'security'].includes(next ?? '')) return SYSTEM_CREDENTIALS;
        break;
      case 'panther':
        if (next === 'unattend.xml' || next === 'unattended.xml') return SYSTEM_CREDENTIALS;
        break;
      default:
        if (MCP_DIRS.has(segs[i]!) && next === 'mcp.json') return MCP;
    }
  }
  return undefined;
}

function findLastIndex(segs: string[], test: (s: string) => boolean): number {
  for (let i = segs.length - 1; i >= 0; i--) if (test(segs[i]!)) return i;
  return -1;
}

/** Files identified by their own name. */
function byName(segs: string[]): Rule | undefined {
  const name = segs[segs.length - 1]!;
  const known = BASENAMES.get(name);
  if (known) return known;
  if (isEnvFile(name)) return ENV;
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(name)) return PRIVATE_KEY;
  if (/\.(?:p12|pfx|keystore|jks|ppk|p8)$/.test(name)) return PRIVATE_KEY;
  if (name.endsWith('.pem') && name.includes('key') && !name.includes('pub')) return PRIVATE_KEY;
  if (name.endsWith('.key') && name.includes('priv')) return PRIVATE_KEY;
  if (name.endsWith('.keychain') || name.endsWith('.keychain-db')) return KEYCHAIN;
  const dirs = segs.slice(0, -1);
  if (CHROMIUM_FILES.has(name) && dirs.some((d) => CHROMIUM_DIRS.has(d))) return BROWSER;
  if (FIREFOX_FILES.has(name) && dirs.some((d) => FIREFOX_DIRS.has(d) || d === 'profiles')) return BROWSER;
  return undefined;
}

/** `.env`, `.env.local`, `prod.env`; not `.env.example`, `.env.sample.local`, nor a `.env/` directory. */
function isEnvFile(name: string): boolean {
  if (name === '.env') return true;
  if (name.startsWith('.env.'))
    return !name
      .slice(5)
      .split('.')
      .some((part) => ENV_TEMPLATES.has(part));
  return name.endsWith('.env') && name.length > 4;
}

/**
 * Files identified by their place under the root: absolute paths, paths that climbed out of their start,
 * and relative paths (a server whose working directory is `/` reads `etc/shadow` as `/etc/shadow`).
 */
function rooted(p: LoosePath, segs: string[]): Rule | undefined {
  if (p.root === 'home' || p.root === 'unc') return undefined;
  const [top, second, third] = segs;
  if (top === 'etc') {
    if (
      [
        'shadow',
        'shadow-',
        'gshadow',
        'gshadow-',
        'sudoers',
        'sudoers.d',
        'master.passwd',
        'krb5.keytab',
      ].includes(second ?? '')
    )
      return SYSTEM_CREDENTIALS;
    if (second === 'security' && (third === 'opasswd' || third === 'passwd')) return SYSTEM_CREDENTIALS;
    if (second === 'passwd' || second === 'passwd-') return SYSTEM_FILE;
    if (second === 'ssl' && third === 'private') return PRIVATE_KEY;
    if (second === 'ssh' && /^ssh_host_.*_key$/.test(third ?? '')) return SSH;
    if (second === 'kubernetes' && (third === 'pki' || /\.conf$/.test(third ?? ''))) return KUBE;
  }
  if (top === 'proc' && second !== undefined && /^(?:self|thread-self|\d+)$/.test(second)) return PROCESS;
  // Below, names too common in projects to match relative to an unknown working directory.
  if (p.root !== 'slash' && p.climbed === 0) return undefined;
  if ((top === 'run' && second === 'secrets') || (top === 'var' && second === 'run' && third === 'secrets'))
    return SYSTEM_CREDENTIALS;
  if (top === 'root') return SYSTEM_FILE;
  return undefined;
}
