import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeServer } from '../servers.js';
import { scoreServer } from './score.js';

const HOME = '/home/dev';

/** A configuration as a client writes it, the level it must get, and the factors behind it (by points). */
const TABLE: [string, Record<string, unknown>, string, string[]][] = [
  // the seed's examples
  [
    'a filesystem server on /',
    { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/'] },
    'medium',
    ['sensitive-paths', 'filesystem-write', 'unpinned-package'],
  ],
  [
    'a shell server',
    { command: 'uvx', args: ['mcp-shell-server'] },
    'medium',
    ['shell-access', 'unpinned-package'],
  ],
  [
    'a database URL with a password in env',
    {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-postgres@0.6.2'],
      env: { DATABASE_URL: 'postgres://app:Xk29fjq8Lm@db.internal/prod' },
    },
    'medium',
    ['hardcoded-secret', 'database'],
  ],
  // what the seed's weights missed
  [
    'a vulnerable mcp-remote',
    { command: 'npx', args: ['mcp-remote@0.1.15', 'https://x.corp.internal/mcp'] },
    'medium',
    ['known-vulnerable'],
  ],
  [
    'the fixed mcp-remote',
    { command: 'npx', args: ['mcp-remote@0.1.16', 'https://x.corp.internal/mcp'] },
    'low',
    [],
  ],
  [
    'a vulnerable filesystem server on the whole home, auto-approved',
    {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem@2025.7.0', HOME],
      autoApprove: ['write_file', 'read_file'],
    },
    'critical',
    ['known-vulnerable', 'high-risk-tools', 'sensitive-paths', 'filesystem-write', 'auto-approve'],
  ],
  [
    'an auto-approved shell',
    { command: 'npx', args: ['-y', '@wonderwhy-er/desktop-commander'], autoApprove: ['execute_command'] },
    'critical',
    ['shell-access', 'high-risk-tools', 'auto-approve', 'unpinned-package'],
  ],
  [
    'a remote server over plain HTTP with a token in the query',
    { url: 'http://tools.corp.internal/mcp?token=Q8x4Lm2Pw9Kd7Rt3' },
    'medium',
    ['plain-http', 'token-in-url', 'network'],
  ],
  ['a loopback server over HTTP', { url: 'http://127.0.0.1:3000/mcp' }, 'low', ['network']],
  [
    'a token as the URL user name',
    { url: 'https://Q8x4Lm2Pw9Kd7Rt3@mcp.corp.internal/mcp' },
    'medium',
    ['token-in-url', 'network'],
  ],
  ['a server started with sudo', { command: 'sudo', args: ['/opt/mcp/server'] }, 'low', ['sudo']],
  [
    'the Docker socket in a container',
    {
      command: 'docker',
      args: ['run', '-i', '-v', '/var/run/docker.sock:/var/run/docker.sock', 'acme/tools'],
    },
    'low',
    ['container-access'],
  ],
  ['a trusted Gemini server', { command: 'node', args: ['server.js'], trust: true }, 'low', ['auto-approve']],
  [
    'every tool enabled in Copilot CLI',
    { type: 'http', url: 'https://api.githubcopilot.com/mcp/', tools: ['*'] },
    'low',
    ['network', 'large-tool-surface'],
  ],
  [
    'a read-only filesystem server, pinned',
    {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/srv/docs', '--read-only'],
    },
    'low',
    [],
  ],
  [
    'an API key on the command line',
    { command: 'npx', args: ['-y', '@stripe/mcp@0.2.4', '--api-key=Zq8x4kLm2Pw9Kd7R'] },
    'medium',
    ['hardcoded-secret'],
  ],
  [
    'a credential referenced, not written',
    { url: 'https://mcp.corp.internal/mcp', headers: { Authorization: 'Bearer ${MCP_TOKEN}' } },
    'low',
    ['credential-env', 'network'],
  ],
  [
    'a tag is not a vulnerable version, but it is unpinned',
    { command: 'npx', args: ['-y', 'mcp-remote@latest', 'https://x.corp.internal/mcp'] },
    'low',
    ['unpinned-package'],
  ],
  [
    'an unpinned package with known advisories',
    { command: 'uvx', args: ['mcp-server-git'] },
    'low',
    ['unpinned-package'],
  ],
  [
    'everything at once is capped at 100',
    {
      command: 'sudo',
      args: ['npx', '-y', 'mcp-shell', '/', '--token', 'Zq8x4kLm2Pw9Kd7R'],
      env: { DB_PASSWORD: 'Zq8x4kLm2Pw9Kd7R', DATABASE_URL: 'postgres://a:Zq8x4kLm2@db/x' },
      autoApprove: ['run_command'],
    },
    'critical',
    [
      'shell-access',
      'hardcoded-secret',
      'high-risk-tools',
      'sensitive-paths',
      'credential-env',
      'database',
      'sudo',
      'auto-approve',
      'unpinned-package',
    ],
  ],
];

describe('risk score', () => {
  it.each(TABLE)('%s', (_, entry, level, factors) => {
    const risk = scoreServer(normalizeServer('s', entry, { scope: 'user' }), HOME);
    expect(risk.factors.map((f) => f.id)).toEqual(factors);
    expect(risk.level).toBe(level);
    expect(risk.score).toBe(
      Math.min(
        100,
        risk.factors.reduce((n, f) => n + f.points, 0),
      ),
    );
  });

  it('never puts a secret value in a factor', () => {
    for (const [, entry] of TABLE) {
      const risk = scoreServer(normalizeServer('s', entry, { scope: 'user' }), HOME);
      const text = JSON.stringify(risk);
      for (const secret of ['Zq8x4kLm2Pw9Kd7R', 'Xk29fjq8Lm', 'Q8x4Lm2Pw9Kd7Rt3'])
        expect(text).not.toContain(secret);
    }
  });

  it('fingerprints a hardcoded secret: the same credential gives the same print wherever it is written', () => {
    const secret = `sk_live_${Array.from({ length: 24 }, (_, i) => 'Zq8x4kLm2Pw9Kd7R'[i % 16]).join('')}`;
    const detail = (entry: Record<string, unknown>) =>
      scoreServer(normalizeServer('s', entry, { scope: 'user' }), HOME).factors.find(
        (f) => f.id === 'hardcoded-secret',
      )!.detail;
    const print = createHash('sha256').update(secret).digest('hex').slice(0, 12);
    const inEnv = detail({ command: 'node', args: ['s.js'], env: { STRIPE_KEY: secret } });
    const inArgs = detail({ command: 'node', args: ['s.js', '--key', secret] });
    expect(inEnv).toContain(`(sha256 ${print})`);
    expect(inArgs).toContain(`(sha256 ${print})`);
    expect(inEnv + inArgs).not.toContain(secret.slice(8));
  });

  it('explains advisories by id', () => {
    const risk = scoreServer(
      normalizeServer(
        'r',
        { command: 'npx', args: ['-y', 'mcp-remote@0.1.15', 'https://x.test'] },
        { scope: 'user' },
      ),
      HOME,
    );
    expect(risk.factors[0]).toMatchObject({ id: 'known-vulnerable', points: 40 });
    expect(risk.factors[0]!.detail).toContain('CVE-2025-6514');
  });
});
