import { join } from 'node:path';
import type { Os } from '../types.js';

/**
 * How `mcpshield agent` is installed to start with the user's session: a systemd user unit on Linux, a
 * launchd agent on macOS, a scheduled task at logon on Windows. This file only says what to write and
 * which commands start, stop and query it; the CLI does the writing and runs the commands.
 */
export type AgentService = {
  /** The file that defines the service. */
  file: { path: string; content: string };
  /** Commands that start it now and at every logon. */
  start: string[][];
  /** Commands that stop it and remove it from the logon start. */
  stop: string[][];
  /** A command whose exit status says whether it is running. */
  status: string[];
};

export type AgentServiceOptions = {
  os: Os;
  home: string;
  /** How to run the CLI: the Node.js binary, its flags and the script (`node dist/cli/main.js`). */
  cli: string[];
  intervalSeconds: number;
  /** Report to this control plane, with the key read from `apiKeyFile` (never written into the definition). */
  controlPlane?: { url: string; apiKeyFile: string };
};

export const SERVICE_NAME = 'mcpshield-agent';
const LAUNCHD_LABEL = 'dev.mcpshield.agent';
const TASK_NAME = 'MCPShield Agent';

/** The folder of the agent's own files. */
const agentDir = (home: string, os: Os) =>
  os === 'windows' ? join(home, 'AppData', 'Roaming', 'mcpshield') : join(home, '.mcpshield');

/** Where the agent keeps its latest inventory. */
export const inventoryPath = (home: string, os: Os) => join(agentDir(home, os), 'inventory.json');

/** Where `agent install` keeps the control plane's API key for the service (mode 0600). */
export const apiKeyPath = (home: string, os: Os) => join(agentDir(home, os), 'agent-api-key');

export function agentService(o: AgentServiceOptions): AgentService {
  const args = [...o.cli, 'agent', '--interval', String(o.intervalSeconds)];
  args.push('--out', inventoryPath(o.home, o.os));
  if (o.controlPlane)
    args.push('--control-plane', o.controlPlane.url, '--api-key-file', o.controlPlane.apiKeyFile);
  switch (o.os) {
    case 'linux':
      return {
        file: {
          path: join(o.home, '.config', 'systemd', 'user', `${SERVICE_NAME}.service`),
          content: [
            '[Unit]',
            'Description=MCPShield agent: the inventory of MCP servers on this machine',
            '',
            '[Service]',
            `ExecStart=${args.map(systemdQuote).join(' ')}`,
            'Restart=on-failure',
            'RestartSec=30',
            '',
            '[Install]',
            'WantedBy=default.target',
            '',
          ].join('\n'),
        },
        start: [
          ['systemctl', '--user', 'daemon-reload'],
          ['systemctl', '--user', 'enable', '--now', `${SERVICE_NAME}.service`],
        ],
        stop: [['systemctl', '--user', 'disable', '--now', `${SERVICE_NAME}.service`]],
        status: ['systemctl', '--user', 'is-active', '--quiet', `${SERVICE_NAME}.service`],
      };
    case 'macos': {
      const path = join(o.home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
      const log = join(o.home, 'Library', 'Logs', 'mcpshield-agent.log');
      return {
        file: {
          path,
          content: [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
            '<plist version="1.0">',
            '<dict>',
            `  <key>Label</key><string>${LAUNCHD_LABEL}</string>`,
            '  <key>ProgramArguments</key>',
            '  <array>',
            ...args.map((a) => `    <string>${xmlEscape(a)}</string>`),
            '  </array>',
            '  <key>RunAtLoad</key><true/>',
            '  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>',
            `  <key>StandardErrorPath</key><string>${xmlEscape(log)}</string>`,
            '</dict>',
            '</plist>',
            '',
          ].join('\n'),
        },
        start: [['launchctl', 'load', '-w', path]],
        stop: [['launchctl', 'unload', '-w', path]],
        status: ['launchctl', 'list', LAUNCHD_LABEL],
      };
    }
    case 'windows': {
      const path = join(o.home, 'AppData', 'Roaming', 'mcpshield', 'agent.cmd');
      return {
        file: { path, content: `@echo off\r\n${args.map(cmdQuote).join(' ')}\r\n` },
        start: [
          ['schtasks', '/Create', '/F', '/SC', 'ONLOGON', '/TN', TASK_NAME, '/TR', cmdQuote(path)],
          ['schtasks', '/Run', '/TN', TASK_NAME],
        ],
        stop: [
          ['schtasks', '/End', '/TN', TASK_NAME],
          ['schtasks', '/Delete', '/F', '/TN', TASK_NAME],
        ],
        status: ['schtasks', '/Query', '/TN', TASK_NAME],
      };
    }
  }
}

/** systemd's command-line quoting: double quotes, with `\`, `"` and `%` (a specifier) escaped. */
function systemdQuote(arg: string): string {
  if (/^[\w@+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

function cmdQuote(arg: string): string {
  return /^[\w@+=:,./\\-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
