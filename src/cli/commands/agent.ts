import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { runAgent, type AgentScan } from '../../discovery/agent/loop.js';
import type { Os } from '../../discovery/types.js';
import { registerService } from '../agent-service.js';
import { CliError } from '../cli-error.js';

type Options = {
  interval: string;
  once?: boolean;
  out?: string;
  home?: string;
  os?: string;
  root?: string;
  workspace: string[];
};

export function register(program: Command): void {
  // Options after `install`, `uninstall` or `status` are theirs (`--home`, `--os` exist on both levels).
  const agent = program.command('agent').enablePositionalOptions();
  registerService(agent);
  agent
    .description('re-scan this machine on an interval and write the inventory when a config changes')
    .option('--interval <seconds>', 'seconds between scans', '300')
    .option('--once', 'scan once and exit')
    .option('--out <file>', 'write the latest inventory (discover --format json) to FILE, not stdout')
    .option('--home <dir>', "scan DIR as the user's home folder")
    .option('--os <os>', 'whose config locations to read: linux, macos or windows (default: this one)')
    .option('--root <dir>', 'take system-wide locations under DIR')
    .option(
      '--workspace <dir>',
      'also scan this project folder (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .addHelpText(
      'after',
      `
Without --out, each changed inventory is printed as one JSON line on stdout; one status line per scan
goes to stderr. Reporting to the control plane comes with the control plane. \`agent install\` makes
it start with every session (systemd user unit, launchd agent or scheduled task).`,
    )
    .action(async (opts: Options) => {
      const seconds = Number(opts.interval);
      if (!Number.isFinite(seconds) || seconds < 1)
        throw new CliError('--interval must be at least 1 second');
      if (opts.os !== undefined && !['linux', 'macos', 'windows'].includes(opts.os))
        throw new CliError(`--os \`${opts.os}\` must be linux, macos or windows`);
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      await runAgent({
        os: opts.os as Os | undefined,
        home: opts.home,
        root: opts.root,
        workspaces: opts.workspace,
        intervalMs: seconds * 1000,
        signal: stop.signal,
        onScan: (scan) => {
          report(scan, opts.out);
          if (opts.once) stop.abort();
        },
      });
    });
}

function report(scan: AgentScan, out: string | undefined): void {
  const ms = scan.ms.toFixed(1);
  if (!scan.inventory) {
    process.stderr.write(`${scan.at.toISOString()} unchanged (${ms} ms)\n`);
    return;
  }
  const inv = scan.inventory;
  const json = JSON.stringify(inv);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.tmp`, json + '\n');
    renameSync(`${out}.tmp`, out);
  } else process.stdout.write(json + '\n');
  process.stderr.write(
    `${scan.at.toISOString()} scanned: ${inv.servers.length} servers, ${inv.errors.length} not scanned (${ms} ms)\n`,
  );
}
