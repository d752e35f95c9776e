import { advisoriesFor, parseVersion } from '../../advisories/index.js';
import { detectors } from '../../detectors/index.js';
import { classifySecretName } from '../../detectors/lib/secret-patterns.js';
import { urlCredentials } from '../urls.js';
import { hasAny, toolWords, type ServerFacts } from './facts.js';
import { hardcodedSecrets } from './secrets.js';

/**
 * A risk factor: a stable id, its points, and a test that returns one line explaining why it applies
 * (or null). Every point of a score comes from a row of this table.
 */
export type FactorRule = {
  id: string;
  points: number | ((f: ServerFacts) => number);
  test(f: ServerFacts): string | null;
};

const SHELL = [
  'shell',
  'terminal',
  'bash',
  'zsh',
  'powershell',
  'pwsh',
  'cmd',
  'exec',
  'execute',
  'command',
  'commands',
  'commander',
  'ssh',
  'tmux',
  'repl',
  'iterm',
];
const CONTAINER = ['docker', 'podman', 'kubernetes', 'kubectl', 'k8s', 'container', 'containers', 'helm'];
const FILESYSTEM = ['filesystem', 'fs', 'files', 'file', 'disk'];
const DATABASE = [
  'postgres',
  'postgresql',
  'pg',
  'mysql',
  'mariadb',
  'sqlite',
  'mongo',
  'mongodb',
  'redis',
  'database',
  'db',
  'sql',
  'mssql',
  'supabase',
  'neon',
  'bigquery',
  'snowflake',
  'clickhouse',
  'elasticsearch',
  'dynamodb',
  'oracle',
];
const NETWORK = [
  'fetch',
  'http',
  'browser',
  'puppeteer',
  'playwright',
  'selenium',
  'web',
  'curl',
  'scrape',
  'scraper',
  'crawl',
  'crawler',
  'search',
  'requests',
];
const SUDO = new Set(['sudo', 'doas', 'pkexec', 'runas', 'gsudo']);
/** Words of tool names that act on the world: run, delete, write, send. */
const RISKY_TOOL_WORDS = new Set([
  'exec',
  'execute',
  'run',
  'shell',
  'command',
  'bash',
  'eval',
  'delete',
  'remove',
  'rm',
  'drop',
  'truncate',
  'kill',
  'write',
  'overwrite',
  'move',
  'deploy',
  'push',
  'merge',
  'send',
  'transfer',
  'pay',
  'sudo',
]);
const WEB_URL = /^(?:https?|wss?):\/\//i;
const READ_ONLY = /(?:^|[-_=:])(?:read-?only|ro)$/i;
const DB_URL =
  /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|sqlserver|mssql|clickhouse):\/\//i;
/** Paths that hand a server the whole machine or the whole home folder. */
const BROAD_ROOTS = new Set([
  '/',
  '~',
  '~/',
  '$HOME',
  '${HOME}',
  '%USERPROFILE%',
  'C:\\',
  'C:/',
  'C:',
  '/home',
  '/Users',
  '/root',
  '/etc',
  '/var',
]);

const sensitivePaths = detectors.sensitive_paths!.create(detectors.sensitive_paths!.options.parse({}));
const toolPoisoning = detectors.tool_poisoning!.create(detectors.tool_poisoning!.options.parse({}));

const ADVISORY_POINTS = { critical: 40, high: 30, medium: 20, low: 10 } as const;

export const FACTORS: readonly FactorRule[] = [
  {
    id: 'shell-access',
    points: 35,
    test: (f) => word(f, SHELL, 'runs shell commands'),
  },
  {
    id: 'hardcoded-secret',
    points: 30,
    test: (f) => {
      const found = hardcodedSecrets(f.server);
      return found.length ? `secret written into the config: ${found.slice(0, 3).join('; ')}` : null;
    },
  },
  {
    id: 'high-risk-tools',
    points: 25,
    test: (f) => {
      const risky = f.toolNames.filter((t) => toolWords(t).some((w) => RISKY_TOOL_WORDS.has(w)));
      if (!risky.length) return null;
      return f.server.live?.status === 'listed'
        ? `exposes tools that act: ${shown(risky)}`
        : `config names tools that act: ${shown(risky)}`;
    },
  },
  {
    id: 'container-access',
    points: 20,
    test: (f) => {
      const sock = f.server.args.find((a) => a.includes('docker.sock') || a === '--privileged');
      if (sock) return `container with host access (\`${sock}\`)`;
      return word(f, CONTAINER, 'controls containers');
    },
  },
  {
    id: 'sensitive-paths',
    points: 20,
    test: (f) => {
      const broad = f.server.args.find((a) => BROAD_ROOTS.has(a) || a === f.home || a === `${f.home}/`);
      if (broad) return `given the whole of \`${broad}\``;
      const { findings } = sensitivePaths({
        phase: 'request',
        method: 'tools/call',
        server: f.server.name,
        params: { name: 'start', arguments: { args: f.server.args } },
      });
      return findings[0] ? findings[0].message : null;
    },
  },
  {
    id: 'filesystem-write',
    points: 15,
    test: (f) => {
      if (f.server.args.some((a) => READ_ONLY.test(a))) return null;
      return word(f, FILESYSTEM, 'reads and writes files');
    },
  },
  {
    id: 'credential-env',
    points: 15,
    test: (f) => {
      const names = [...Object.keys(f.server.env), ...Object.keys(f.server.headers)].filter(
        (n) => classifySecretName(n) !== undefined || n.toLowerCase() === 'authorization',
      );
      return names.length ? `receives credentials: ${shown(names)}` : null;
    },
  },
  {
    id: 'database',
    points: 15,
    test: (f) => {
      const url = [...f.server.args, ...Object.values(f.server.env)].find((v) => DB_URL.test(v));
      if (url) return `connects to a database (\`${url.slice(0, url.indexOf(':'))}://\`)`;
      return word(f, DATABASE, 'reaches a database');
    },
  },
  {
    id: 'sudo',
    points: 15,
    test: (f) =>
      SUDO.has(f.program) || f.server.args.some((a) => SUDO.has(a))
        ? 'started with elevated privileges (`sudo`)'
        : null,
  },
  {
    id: 'network',
    points: 10,
    test: (f) => {
      if (f.server.url) return `remote server at \`${hostOf(f.server.url)}\``;
      return word(f, NETWORK, 'reaches the network');
    },
  },
  {
    id: 'large-tool-surface',
    points: 5,
    test: (f) => {
      if (f.server.live?.status === 'listed' && f.server.live.tools.length > 20)
        return `${f.server.live.tools.length} tools exposed`;
      if (f.server.tools.includes('*')) return 'every tool of the server is enabled (`*`)';
      return f.server.tools.length > 20 ? `${f.server.tools.length} tools enabled` : null;
    },
  },
  {
    id: 'poisoned-tools',
    points: 35,
    test: (f) => {
      if (f.server.live?.status !== 'listed') return null;
      // The gateway's own judgement of a tools/list answer: hidden instructions, exfiltration parameters.
      const { findings } = toolPoisoning({
        phase: 'response',
        method: 'tools/list',
        server: f.server.name,
        params: {},
        result: { tools: f.server.live.tools },
      });
      return findings[0] ? `a listed tool is poisoned: ${findings[0].message}` : null;
    },
  },
  {
    id: 'known-vulnerable',
    points: (f) => Math.max(...affected(f).map((m) => ADVISORY_POINTS[m.advisory.severity])),
    test: (f) => {
      const found = affected(f);
      if (!found.length) return null;
      const ids = found.map((m) => m.advisory.id).join(', ');
      return `\`${f.pkg!.name}@${f.pkg!.version}\` is affected by ${ids}: ${found[0]!.advisory.summary}`;
    },
  },
  {
    id: 'unpinned-package',
    points: 10,
    test: (f) => {
      const pkg = f.pkg;
      // Pinned means a release number; a tag (`latest`) or a range (`^1.2`) installs whatever is current.
      if (!pkg || (pkg.version && parseVersion(pkg.version))) return null;
      const what = pkg.version ? `\`${pkg.name}@${pkg.version}\`` : `\`${pkg.name}\` with no version`;
      const known = advisoriesFor(pkg.ecosystem, pkg.name, null);
      const past = known.length
        ? `; a cached older version may be affected by ${known.map((m) => m.advisory.id).join(', ')}`
        : '';
      return `\`${pkg.launcher}\` installs ${what}: whatever is published runs next start${past}`;
    },
  },
  {
    id: 'plain-http',
    points: 20,
    test: (f) => {
      const url = parse(f.server.url);
      if (!url || url.protocol !== 'http:' || isLoopback(url.hostname)) return null;
      return `remote server over plain HTTP (\`${url.host}\`): traffic and credentials readable on the way`;
    },
  },
  {
    id: 'auto-approve',
    points: 15,
    test: (f) => {
      const a = f.server.autoApprove;
      if (!a.length) return null;
      return a.includes('*')
        ? 'trusted: every tool call runs without confirmation'
        : `runs without confirmation: ${shown(a)}`;
    },
  },
  {
    id: 'token-in-url',
    points: 20,
    test: (f) => {
      // Web URLs only: a password in a database connection string is a hardcoded secret, counted once.
      const urls = [f.server.url, ...f.server.args].filter((v): v is string => !!v && WEB_URL.test(v));
      for (const u of urls) {
        const creds = urlCredentials(u);
        if (!creds) continue;
        const parts = [...(creds.userinfo ? ['user-info'] : []), ...creds.params.map((p) => `\`${p}\``)];
        return `credentials in a URL (${parts.join(', ')}) end up in logs and histories`;
      }
      return null;
    },
  },
];

function word(f: ServerFacts, list: readonly string[], what: string): string | null {
  const hit = hasAny(f.words, list);
  return hit ? `${what} (\`${hit}\` in its name or package)` : null;
}

function affected(f: ServerFacts) {
  if (!f.pkg?.version) return [];
  return advisoriesFor(f.pkg.ecosystem, f.pkg.name, f.pkg.version).filter((m) => m.status === 'affected');
}

function shown(names: readonly string[]): string {
  const list = names
    .slice(0, 4)
    .map((n) => `\`${n}\``)
    .join(', ');
  return names.length > 4 ? `${list} and ${names.length - 4} more` : list;
}

function parse(url: string | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function hostOf(url: string): string {
  return parse(url)?.host ?? url.slice(0, 60);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host.endsWith('.localhost');
}
