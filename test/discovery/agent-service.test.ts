import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/mcp.js';
import { ROOT } from '../support/source.js';

/**
 * `mcpshield agent install|uninstall|status` for each system, written under a scratch home: commands that
 * start or stop a service run only for this machine's own system and home, so nothing here touches the
 * host's services.
 */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CASES = [
  {
    os: 'linux',
    file: '.config/systemd/user/mcpshield-agent.service',
    has: ['ExecStart=', 'WantedBy=default.target'],
  },
  {
    os: 'macos',
    file: 'Library/LaunchAgents/dev.mcpshield.agent.plist',
    has: ['<key>ProgramArguments</key>', '<string>agent</string>'],
  },
  {
    os: 'windows',
    file: 'AppData/Roaming/mcpshield/agent.cmd',
    has: ['@echo off\r\n', ' agent --interval 120 '],
  },
] as const;

describe.each(CASES)('agent service on $os', ({ os, file, has }) => {
  it('installs once, says so when unchanged, reports its status, and uninstalls', () => {
    const home = tempDir(`agent-${os}`);
    const path = join(home, file);
    const dry = cli('agent', 'install', '--home', home, '--os', os, '--interval', '120', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`# ${path}`);
    expect(existsSync(path)).toBe(false); // a dry run writes nothing
    expect(cli('agent', 'status', '--home', home, '--os', os)).toMatchObject({ code: 1 });

    const first = cli('agent', 'install', '--home', home, '--os', os, '--interval', '120');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`wrote ${path}`);
    expect(first.stdout).toContain('start it on that machine with'); // another system's home: nothing run
    const content = readFileSync(path, 'utf8');
    for (const part of has) expect(content).toContain(part);
    expect(content).toContain(
      os === 'windows'
        ? join(home, 'AppData/Roaming/mcpshield/inventory.json')
        : join(home, '.mcpshield/inventory.json'),
    );
    expect(cli('agent', 'install', '--home', home, '--os', os, '--interval', '120').stdout).toContain(
      `unchanged ${path}`,
    );

    const status = cli('agent', 'status', '--home', home, '--os', os);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`installed: yes (${path})`);

    expect(cli('agent', 'uninstall', '--home', home, '--os', os).stdout).toContain(`removed ${path}`);
    expect(existsSync(path)).toBe(false);
    expect(cli('agent', 'uninstall', '--home', home, '--os', os).stdout).toBe('not installed\n');
  }, 60_000);
});

it('escapes what the service definitions quote', async () => {
  const { agentService } = await import('../../src/discovery/agent/service.js');
  const cliWords = ['/opt/node js/bin/node', '/srv/mcp & co/main.js'];
  const linux = agentService({ os: 'linux', home: '/home/a b', cli: cliWords, intervalSeconds: 60 });
  expect(linux.file.content).toContain('ExecStart="/opt/node js/bin/node" "/srv/mcp & co/main.js" agent');
  const mac = agentService({ os: 'macos', home: '/Users/a', cli: cliWords, intervalSeconds: 60 });
  expect(mac.file.content).toContain('<string>/srv/mcp &#38; co/main.js</string>');
});

it('installs a reporting agent with its key in a private file, never in the definition', () => {
  const home = tempDir('agent-key');
  const key = `mcps_${randomBytes(24).toString('base64url')}`;
  const path = join(home, '.config/systemd/user/mcpshield-agent.service');
  const keyFile = join(home, '.mcpshield/agent-api-key');
  const install = (...more: string[]) =>
    cli(
      'agent',
      'install',
      '--home',
      home,
      '--os',
      'linux',
      '--control-plane',
      'http://127.0.0.1:8080',
      ...more,
    );
  const installed = install('--api-key', key);
  expect(installed.code, installed.stderr).toBe(0);
  const unit = readFileSync(path, 'utf8');
  expect(unit).toContain(`--control-plane http://127.0.0.1:8080 --api-key-file ${keyFile}`);
  expect(unit).not.toContain(key);
  expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);

  const noKey = install();
  expect(noKey.code).not.toBe(0);
  expect(noKey.stderr).toContain('needs a project API key');

  expect(cli('agent', 'uninstall', '--home', home, '--os', 'linux').code).toBe(0);
  expect(existsSync(keyFile)).toBe(false);

  // the agent itself says when the key file cannot be read
  const missing = cli(
    'agent',
    '--once',
    '--home',
    home,
    '--control-plane',
    'http://127.0.0.1:8080',
    '--api-key-file',
    keyFile,
  );
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toContain(`cannot read the API key file \`${keyFile}\``);
}, 60_000);
