import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../discover.js';
import type { Os } from '../types.js';
import { clients } from './index.js';

/**
 * One case per config format of each client: a file at the client's location, and the servers it holds
 * as `[name, transport, command or url, args, env names]`. Paths are relative to a fresh home.
 */
type Case = {
  client: string;
  os?: Os;
  file: string;
  text: string;
  workspace?: string;
  servers: [string, string, string | null, string[], string[]][];
};

const CASES: Case[] = [
  {
    client: 'claude-desktop',
    os: 'macos',
    file: 'Library/Application Support/Claude/claude_desktop_config.json',
    text: '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "pkg"], "env": {"A": "1"}}}}',
    servers: [['fs', 'stdio', 'npx', ['-y', 'pkg'], ['A']]],
  },
  {
    client: 'claude-desktop',
    os: 'windows',
    file: 'AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json',
    text: '{"mcpServers": {"store": {"command": "node", "args": ["s.js"]}}}',
    servers: [['store', 'stdio', 'node', ['s.js'], []]],
  },
  {
    client: 'claude-code',
    file: '.claude.json',
    text: '{"mcpServers": {"u": {"type": "http", "url": "https://x.test/mcp"}}, "projects": {"/p": {"mcpServers": {"l": {"command": "node"}}}}}',
    servers: [
      ['u', 'http', 'https://x.test/mcp', [], []],
      ['l', 'stdio', 'node', [], []],
    ],
  },
  {
    client: 'claude-code',
    file: 'proj/.mcp.json',
    workspace: 'proj',
    text: '{"mcpServers": {"team": {"type": "sse", "url": "https://x.test/events"}}}',
    servers: [['team', 'sse', 'https://x.test/events', [], []]],
  },
  {
    client: 'cursor',
    file: '.cursor/mcp.json',
    text: '{\n  // comment\n  "mcpServers": {"c": {"command": "uvx", "args": ["pkg"],},},\n}',
    servers: [['c', 'stdio', 'uvx', ['pkg'], []]],
  },
  {
    client: 'windsurf',
    file: '.codeium/windsurf/mcp_config.json',
    text: '{"mcpServers": {"w": {"serverUrl": "https://x.test/sse"}}}',
    servers: [['w', 'sse', 'https://x.test/sse', [], []]],
  },
  {
    client: 'vscode',
    file: '.config/Code/User/mcp.json',
    text: '{"servers": {"v": {"type": "stdio", "command": "node", "args": ["a"]}}, "inputs": []}',
    servers: [['v', 'stdio', 'node', ['a'], []]],
  },
  {
    client: 'vscode',
    file: '.config/Code - Insiders/User/profiles/p1/settings.json',
    text: '{"mcp": {"servers": {"legacy": {"command": "node"}}}}',
    servers: [['legacy', 'stdio', 'node', [], []]],
  },
  {
    client: 'vscode',
    file: 'proj/.vscode/mcp.json',
    workspace: 'proj',
    text: '{"servers": {"ws": {"type": "http", "url": "https://x.test/mcp", "headers": {"X": "1"}}}}',
    servers: [['ws', 'http', 'https://x.test/mcp', [], []]],
  },
  {
    client: 'copilot-cli',
    file: '.copilot/mcp-config.json',
    text: '{"mcpServers": {"g": {"type": "local", "command": "npx", "args": ["x"], "tools": ["*"]}}}',
    servers: [['g', 'stdio', 'npx', ['x'], []]],
  },
  {
    client: 'cline',
    file: '.config/Cursor/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    text: '{"mcpServers": {"cl": {"command": "node", "autoApprove": ["a"]}}}',
    servers: [['cl', 'stdio', 'node', [], []]],
  },
  {
    client: 'roo-code',
    file: 'proj/.roo/mcp.json',
    workspace: 'proj',
    text: '{"mcpServers": {"r": {"command": "node", "alwaysAllow": ["x"]}}}',
    servers: [['r', 'stdio', 'node', [], []]],
  },
  {
    client: 'zed',
    file: '.config/zed/settings.json',
    text: '{"context_servers": {"new": {"command": "a", "args": ["b"]}, "old": {"command": {"path": "c", "args": ["d"], "env": {"E": "f"}}}}}',
    servers: [
      ['new', 'stdio', 'a', ['b'], []],
      ['old', 'stdio', 'c', ['d'], ['E']],
    ],
  },
  {
    client: 'zed',
    os: 'windows',
    file: 'AppData/Roaming/Zed/settings.json',
    text: '{"context_servers": {"z": {"command": "a"}}}',
    servers: [['z', 'stdio', 'a', [], []]],
  },
  {
    client: 'continue',
    file: '.continue/config.yaml',
    text: 'mcpServers:\n  - name: one\n    command: uvx\n    args: [pkg]\n    env: {K: v}\n',
    servers: [['one', 'stdio', 'uvx', ['pkg'], ['K']]],
  },
  {
    client: 'continue',
    file: '.continue/mcpServers/block.json',
    text: '{"mcpServers": {"json-block": {"command": "node"}}}',
    servers: [['json-block', 'stdio', 'node', [], []]],
  },
  {
    client: 'continue',
    file: '.continue/config.json',
    text: '{"experimental": {"modelContextProtocolServers": [{"transport": {"type": "stdio", "command": "uvx", "args": ["x"]}}]}}',
    servers: [['#0', 'stdio', 'uvx', ['x'], []]],
  },
  {
    client: 'gemini-cli',
    file: '.gemini/settings.json',
    text: '{"mcpServers": {"h": {"httpUrl": "https://x.test/mcp"}, "s": {"url": "https://x.test/events"}, "t": {"command": "n", "trust": true}}}',
    servers: [
      ['h', 'http', 'https://x.test/mcp', [], []],
      ['s', 'sse', 'https://x.test/events', [], []],
      ['t', 'stdio', 'n', [], []],
    ],
  },
  {
    client: 'gemini-cli',
    file: '.gemini/extensions/e/gemini-extension.json',
    text: '{"name": "e", "mcpServers": {"ext": {"command": "node"}}}',
    servers: [['ext', 'stdio', 'node', [], []]],
  },
  {
    client: 'codex',
    file: '.codex/config.toml',
    text: '[mcp_servers.one]\ncommand = "npx"\nargs = ["-y", "x"]\nenv = { K = "v" }\n\n[mcp_servers.two]\nurl = "https://x.test/mcp"\n',
    servers: [
      ['one', 'stdio', 'npx', ['-y', 'x'], ['K']],
      ['two', 'http', 'https://x.test/mcp', [], []],
    ],
  },
  {
    client: 'opencode',
    file: '.config/opencode/opencode.jsonc',
    text: '{"mcp": {"l": {"type": "local", "command": ["npx", "-y", "x"], "environment": {"K": "v"}}, "r": {"type": "remote", "url": "https://x.test/mcp"}}}',
    servers: [
      ['l', 'stdio', 'npx', ['-y', 'x'], ['K']],
      ['r', 'http', 'https://x.test/mcp', [], []],
    ],
  },
  {
    client: 'amp',
    file: '.config/amp/settings.json',
    text: '{"amp.mcpServers": {"a": {"command": "node"}}}',
    servers: [['a', 'stdio', 'node', [], []]],
  },
  {
    client: 'kiro',
    file: '.kiro/settings/mcp.json',
    text: '{"mcpServers": {"k": {"command": "uvx", "args": ["x"], "autoApprove": []}}}',
    servers: [['k', 'stdio', 'uvx', ['x'], []]],
  },
  {
    client: 'amazon-q',
    file: '.aws/amazonq/cli-agents/default.json',
    text: '{"name": "default", "mcpServers": {"q": {"command": "uvx"}}}',
    servers: [['q', 'stdio', 'uvx', [], []]],
  },
  {
    client: 'goose',
    file: '.config/goose/config.yaml',
    text: 'extensions:\n  dev: {type: builtin, enabled: true}\n  g: {type: stdio, cmd: npx, args: [x], envs: {A: b}, env_keys: [C]}\n  r: {type: sse, uri: "https://x.test/sse"}\n',
    servers: [
      ['g', 'stdio', 'npx', ['x'], ['A', 'C']],
      ['r', 'sse', 'https://x.test/sse', [], []],
    ],
  },
  {
    client: 'goose',
    os: 'windows',
    file: 'AppData/Roaming/Block/goose/config/config.yaml',
    text: 'extensions:\n  g: {type: stdio, cmd: npx}\n',
    servers: [['g', 'stdio', 'npx', [], []]],
  },
  {
    client: 'lm-studio',
    file: '.lmstudio/mcp.json',
    text: '{"mcpServers": {"lm": {"url": "https://x.test/mcp"}}}',
    servers: [['lm', 'http', 'https://x.test/mcp', [], []]],
  },
  {
    client: 'trae',
    file: '.config/Trae/User/mcp.json',
    text: '{"mcpServers": {"tr": {"command": "node"}}}',
    servers: [['tr', 'stdio', 'node', [], []]],
  },
];

describe('client readers', () => {
  it.each(CASES.map((c) => [`${c.client} ${c.os ?? 'linux'} ${c.file}`, c] as const))('%s', async (_, c) => {
    const home = mkdtempSync(join(tmpdir(), 'mcpshield-reader-'));
    const path = join(home, c.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, c.text);
    const inv = await discover({
      os: c.os ?? 'linux',
      home,
      root: home,
      clients: [c.client],
      workspaces: c.workspace ? [join(home, c.workspace)] : [],
    });
    expect(inv.errors).toEqual([]);
    expect(inv.clients).toEqual([
      { client: c.client, configPath: path, status: 'ok', servers: c.servers.length },
    ]);
    expect(inv.servers.map((s) => [s.name, s.transport, s.command ?? s.url, s.args, s.env])).toEqual(
      c.servers,
    );
  });

  it('have a case each, and unique ids (the table checks itself)', () => {
    const covered = new Set(CASES.map((c) => c.client));
    expect(Object.keys(clients).filter((id) => !covered.has(id))).toEqual([]);
    expect(CASES.every((c) => clients[c.client])).toBe(true);
  });

  it("report a file whose structure is not the client's", async () => {
    const home = mkdtempSync(join(tmpdir(), 'mcpshield-reader-'));
    mkdirSync(join(home, '.cursor'));
    writeFileSync(join(home, '.cursor', 'mcp.json'), '{"mcpServers": [1, 2]}');
    const inv = await discover({ os: 'linux', home, root: home, clients: ['cursor'] });
    expect(inv.errors).toEqual([
      {
        configPath: join(home, '.cursor', 'mcp.json'),
        message: '`mcpServers` is not an object',
        client: 'cursor',
      },
    ]);
    expect(inv.clients[0]!.status).toBe('invalid');
  });
});
