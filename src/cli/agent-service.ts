import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { currentOs } from '../discovery/discover.js';
import { agentService, apiKeyPath, type AgentService } from '../discovery/agent/service.js';
import type { Os } from '../discovery/types.js';
import { CliError } from './cli-error.js';
import { controlPlaneOf } from './control-plane.js';

type Options = {
  interval: string;
  home?: string;
  os?: string;
  start: boolean;
  dryRun?: boolean;
  controlPlane?: string;
  apiKey?: string;
};

/** `mcpshield agent install|uninstall|status`: the agent as a service of the user's session. */
export function registerService(agent: Command): void {
  const common = (c: Command) =>
    c
      .option('--home <dir>', 'the home folder the service is written under (default: yours)')
      .option('--os <os>', 'linux (systemd), macos (launchd) or windows (scheduled task); default: this one');
  common(
    agent
      .command('install')
      .description('start the agent with every session: systemd user unit, launchd agent or scheduled task')
      .option('--interval <seconds>', 'seconds between scans', '300')
      .option('--control-plane <url>', 'report the inventory to this control plane (mcpshield up)')
      .option(
        '--api-key <key>',
        'the project API key (default: $MCPSHIELD_API_KEY); kept in a private file, not in the definition',
      )
      .option('--no-start', 'write the service definition only; start nothing')
      .option('--dry-run', 'print the definition and the commands; change nothing'),
  ).action((opts: Options) => {
    const { service, native, keyFile, apiKey } = resolveService(opts);
    if (opts.dryRun) {
      if (apiKey) process.stdout.write(`# ${keyFile} (mode 0600): the API key\n`);
      process.stdout.write(`# ${service.file.path}\n${service.file.content}\n`);
      for (const c of service.start) process.stdout.write(`$ ${shown(c)}\n`);
      return;
    }
    if (apiKey) {
      // The key stays out of the definition (readable by others, shown by service managers) and argv.
      mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
      chmodSync(keyFile, 0o600);
      process.stdout.write(`wrote ${keyFile} (mode 0600)\n`);
    }
    mkdirSync(dirname(service.file.path), { recursive: true });
    const before = existsSync(service.file.path) ? readFileSync(service.file.path, 'utf8') : undefined;
    writeFileSync(service.file.path, service.file.content);
    process.stdout.write(
      `${before === service.file.content ? 'unchanged' : before ? 'updated' : 'wrote'} ${service.file.path}\n`,
    );
    if (!opts.start) return;
    if (!native) return hint('start it on that machine with', service.start);
    run(service.start, 'could not start the agent; start it with');
  });
  common(agent.command('uninstall').description('stop the agent service and remove its definition')).action(
    (opts: Options) => {
      const { service, native, keyFile } = resolveService(opts);
      if (!existsSync(service.file.path)) return void process.stdout.write('not installed\n');
      if (native) run(service.stop, 'could not stop the agent; stop it with');
      rmSync(service.file.path);
      rmSync(keyFile, { force: true });
      process.stdout.write(`removed ${service.file.path}\n`);
    },
  );
  common(agent.command('status').description('whether the agent service is installed and running')).action(
    (opts: Options) => {
      const { service, native } = resolveService(opts);
      const installed = existsSync(service.file.path);
      let running = 'unknown (another system)';
      if (native) {
        const r = spawnSync(service.status[0]!, service.status.slice(1), { stdio: 'ignore' });
        running = r.error ? `unknown (${service.status[0]} not found)` : r.status === 0 ? 'yes' : 'no';
      }
      process.stdout.write(
        `installed: ${installed ? `yes (${service.file.path})` : 'no'}\nrunning: ${installed ? running : 'no'}\n`,
      );
      if (!installed) process.exitCode = 1;
    },
  );
}

function resolveService(opts: Options): {
  service: AgentService;
  native: boolean;
  keyFile: string;
  /** With `--control-plane`: the key the service will read from `keyFile`. */
  apiKey?: string;
} {
  if (opts.os !== undefined && !['linux', 'macos', 'windows'].includes(opts.os))
    throw new CliError(`--os \`${opts.os}\` must be linux, macos or windows`);
  const interval = Number(opts.interval ?? 300);
  if (!Number.isInteger(interval) || interval < 1)
    throw new CliError('--interval must be whole seconds, >= 1');
  const os = (opts.os as Os | undefined) ?? currentOs();
  const home = resolve(opts.home ?? homedir());
  const cli = [process.execPath, ...process.execArgv, resolve(process.argv[1]!)];
  const keyFile = apiKeyPath(home, os);
  const cp = opts.controlPlane ? controlPlaneOf(opts) : undefined;
  const controlPlane = cp ? { url: opts.controlPlane!, apiKeyFile: keyFile } : undefined;
  const service = agentService({ os, home, cli, intervalSeconds: interval, controlPlane });
  // Commands run only for this machine's own system and home.
  const native = os === currentOs() && home === resolve(homedir());
  return { service, native, keyFile, apiKey: cp?.apiKey };
}

function run(commands: string[][], failure: string): void {
  for (const [i, c] of commands.entries()) {
    const r = spawnSync(c[0]!, c.slice(1), { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      const why = r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`);
      process.stderr.write(`mcpshield: \`${shown(c)}\` failed: ${why}\n`);
      return hint(failure, commands.slice(i));
    }
  }
}

function hint(what: string, commands: string[][]): void {
  process.stdout.write(`${what}:\n${commands.map((c) => `  ${shown(c)}`).join('\n')}\n`);
}

/** A command as one would type it: words with spaces or quotes in double quotes. */
const shown = (c: string[]) => c.map((w) => (/[\s"]/.test(w) ? `"${w.replace(/"/g, '\\"')}"` : w)).join(' ');
