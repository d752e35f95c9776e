// Scanner benchmarks, end to end through the built CLI (`npm run bench:scanner`, builds first):
// - a full scan of server-everything over stdio (two sessions: the scan and the bait-and-switch list);
// - an offline `--config` audit of 50 servers.
// Baselines measured in the same run: `mcpshield --version` (the CLI's own start-up) and one bare SDK
// client connecting to server-everything and listing its tools.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = new URL('../', import.meta.url).pathname;
const cliPath = join(root, 'dist/cli/main.js');
const everything = join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const home = mkdtempSync(join(tmpdir(), 'mcpshield-bench-'));
const ROUNDS = 3;

function timeCli(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MCPSHIELD_HOME: home },
  });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`mcpshield ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const best = (f) => Math.min(...Array.from({ length: ROUNDS }, f));

async function bareList() {
  const t = performance.now();
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [everything, 'stdio'], stderr: 'pipe' }),
  );
  await client.listTools();
  await client.close();
  return performance.now() - t;
}

const servers = {};
const packages = [
  '@modelcontextprotocol/server-filesystem@2025.3.28',
  'mcp-remote@0.1.15',
  'weather-mcp',
  '@modelcontextprotocol/server-memory@2026.8.31',
  'mcp-server-fecth',
];
for (let i = 0; i < 50; i++) {
  servers[`server-${i}`] = {
    command: i % 5 === 4 ? 'uvx' : 'npx',
    args: i % 5 === 4 ? [packages[i % 5]] : ['-y', packages[i % 5], `/home/dev/project-${i}`],
    env: { LOG_LEVEL: 'info', API_TOKEN: i % 3 === 0 ? `tok_${'x'.repeat(24)}${i}` : '${env:API_TOKEN}' },
    ...(i % 7 === 0 ? { autoApprove: ['*'] } : {}),
  };
}
const config = join(home, 'mcp.json');
writeFileSync(config, JSON.stringify({ mcpServers: servers }));

const startup = best(() => timeCli(['--version']).ms);
const bare = Math.min(await bareList(), await bareList(), await bareList());
const full = best(() => timeCli(['scan', '--no-save', '--', process.execPath, everything, 'stdio']).ms);
const offline = best(() => timeCli(['scan', '--no-save', '--config', config]).ms);
const check = JSON.parse(timeCli(['scan', '--no-save', '--config', config]).stdout);

const rows = [
  ['scan server-everything (stdio, full)', full, 5000, `bare SDK connect+list ${bare.toFixed(0)} ms`],
  [
    `scan --config, ${check.length} servers (offline)`,
    offline,
    2000,
    `CLI start-up ${startup.toFixed(0)} ms`,
  ],
];
let failed = false;
for (const [name, ms, target, base] of rows) {
  const ok = ms <= target;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} ${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  (target < ${target} ms; ${base})`,
  );
}
process.exitCode = failed ? 1 : 0;
