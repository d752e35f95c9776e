import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { hostIdentity } from '../../discovery/agent/host.js';
import { runAgent, type AgentScan } from '../../discovery/agent/loop.js';
import { reporter, type Reporter } from '../../discovery/agent/report.js';
import type { Os } from '../../discovery/types.js';
import { mcpshieldHome } from '../../gateway/home.js';
import { registerService } from '../agent-service.js';
import { CliError } from '../cli-error.js';
import { controlPlaneOf } from '../control-plane.js';

type Options = {
  interval: string;
  once?: boolean;
  out?: string;
  home?: string;
  os?: string;
  root?: string;
  workspace: string[];
  controlPlane?: string;
  apiKey?: string;
  apiKeyFile?: string;
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
    .option('--control-plane <url>', 'report each changed inventory to this control plane (mcpshield up)')
    .option('--api-key <key>', 'the project API key for --control-plane (default: $MCPSHIELD_API_KEY)')
    .option('--api-key-file <file>', 'read the API key from FILE (what `agent install` sets up)')
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
goes to stderr. With --control-plane, each changed inventory (and the same one again every hour) is
POSTed to /api/agents/report; while the control plane is away, reports wait in
$MCPSHIELD_HOME/spool/agent and are sent oldest first on a later pass. \`agent install\` makes it start
with every session (systemd user unit, launchd agent or scheduled task).`,
    )
    .action(async (opts: Options) => {
      const seconds = Number(opts.interval);
      if (!Number.isFinite(seconds) || seconds < 1)
        throw new CliError('--interval must be at least 1 second');
      if (opts.os !== undefined && !['linux', 'macos', 'windows'].includes(opts.os))
        throw new CliError(`--os \`${opts.os}\` must be linux, macos or windows`);
      const send = opts.controlPlane
        ? await controlPlaneReporter(
            opts.controlPlane,
            opts.apiKey ?? (opts.apiKeyFile ? readApiKeyFile(opts.apiKeyFile) : undefined),
            opts.os as Os | undefined,
            program,
          )
        : undefined;
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
        onScan: async (scan) => {
          // With a control plane, stdout stays quiet unless --out asks for the inventory on disk.
          report(scan, opts.out, !send);
          if (send) logPass(await send.pass(scan.inventory));
          if (opts.once) stop.abort();
        },
      });
    });
}

async function controlPlaneReporter(
  url: string,
  key: string | undefined,
  os: Os | undefined,
  program: Command,
): Promise<Reporter> {
  const cp = controlPlaneOf({ controlPlane: url, apiKey: key })!;
  return reporter({
    controlPlane: url,
    apiKey: cp.apiKey,
    spoolDir: join(mcpshieldHome(), 'spool', 'agent'),
    host: await hostIdentity({ os }),
    agentVersion: program.version() ?? '0.0.0',
  });
}

function readApiKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new CliError(`cannot read the API key file \`${file}\`: ${(e as Error).message}`);
  }
}

function logPass(pass: { sent: number; waiting: number; refused: number }): void {
  if (pass.sent + pass.waiting + pass.refused === 0) return;
  const parts = [`${pass.sent} report(s) sent`];
  if (pass.waiting) parts.push(`${pass.waiting} waiting in the spool (control plane unreachable or busy)`);
  if (pass.refused) parts.push(`${pass.refused} refused`);
  process.stderr.write(`${new Date().toISOString()} ${parts.join(', ')}\n`);
}

/** One status line per scan on stderr; a changed inventory written to `out`, or to stdout when `print`. */
function report(scan: AgentScan, out: string | undefined, print: boolean): void {
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
  } else if (print) process.stdout.write(json + '\n');
  process.stderr.write(
    `${scan.at.toISOString()} scanned: ${inv.servers.length} servers, ${inv.errors.length} not scanned (${ms} ms)\n`,
  );
}
