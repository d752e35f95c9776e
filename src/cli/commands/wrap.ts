import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { clients } from '../../discovery/clients/index.js';
import { unwrap, wrap, type FileOutcome } from '../../discovery/wrap/wrap.js';
import type { Os } from '../../discovery/types.js';
import { mcpshieldHome } from '../../gateway/home.js';
import { CliError } from '../cli-error.js';
import { colours } from '../output.js';

type Common = {
  home?: string;
  os?: string;
  root?: string;
  workspace: string[];
  client: string[];
  state?: string;
  dryRun?: boolean;
};
type WrapOpts = Common & { policy: string; mcpshield: string };

const repeat = (v: string, all: string[]) => [...all, v];

function common(cmd: Command): Command {
  return cmd
    .option('--dry-run', 'show the changes as a diff, write nothing')
    .option('--home <dir>', "scan DIR as the user's home folder")
    .option('--os <os>', 'whose config locations to read: linux, macos or windows (default: this one)')
    .option('--root <dir>', 'take system-wide locations (/etc, C:\\ProgramData) under DIR')
    .option('--workspace <dir>', 'also this project folder (repeatable)', repeat, [] as string[])
    .option('--client <id>', 'only the configs of this client (repeatable)', repeat, [] as string[])
    .option('--state <dir>', 'where backups and the manifest are kept (default: ~/.mcpshield/wrap)');
}

export function register(program: Command): void {
  common(
    program
      .command('wrap')
      .description('rewrite AI client configs so that every stdio MCP server runs behind `mcpshield proxy`')
      .requiredOption('-p, --policy <file>', 'the policy every wrapped server runs under')
      .option('--mcpshield <path>', 'the mcpshield program the configs start', 'mcpshield'),
  ).action(async (opts: WrapOpts) => {
    if (!existsSync(opts.policy)) throw new CliError(`--policy \`${opts.policy}\` does not exist`);
    const outcomes = await wrap({
      ...scanOptions(opts),
      policy: opts.policy,
      launcher: { command: opts.mcpshield, args: [] },
    });
    report(outcomes, opts.dryRun ? 'would wrap' : 'wrapped');
  });
  common(
    program
      .command('unwrap')
      .description(
        'undo `mcpshield wrap`: restore each config as it was (byte for byte when unchanged since)',
      ),
  ).action(async (opts: Common) => {
    report(await unwrap(scanOptions(opts)), opts.dryRun ? 'would unwrap' : 'unwrapped');
  });
}

function scanOptions(opts: Common) {
  if (opts.os !== undefined && !['linux', 'macos', 'windows'].includes(opts.os))
    throw new CliError(`--os \`${opts.os}\` must be linux, macos or windows`);
  const unknown = opts.client.find((c) => !clients[c]);
  if (unknown)
    throw new CliError(`unknown client \`${unknown}\` (known: ${Object.keys(clients).join(', ')})`);
  const stateDir =
    opts.state ??
    (opts.home ? join(resolve(opts.home), '.mcpshield', 'wrap') : join(mcpshieldHome(), 'wrap'));
  return {
    os: opts.os as Os | undefined,
    home: opts.home,
    root: opts.root,
    workspaces: opts.workspace,
    clients: opts.client.length ? opts.client : undefined,
    stateDir,
    dryRun: opts.dryRun,
  };
}

function report(outcomes: FileOutcome[], verb: string): void {
  const c = colours();
  let files = 0;
  for (const o of outcomes) {
    if (o.diff) process.stdout.write(o.diff);
    if (o.servers.length || o.restored) {
      files++;
      const what = o.restored ? 'restored from its backup, byte for byte' : o.servers.join(', ');
      process.stdout.write(`${c.green(verb)} ${o.client} ${o.configPath}: ${what}\n`);
    }
    if (o.note) process.stdout.write(`  ${c.dim(o.note)}\n`);
    for (const s of o.skipped) process.stdout.write(`  ${c.dim(`left ${s.name}: ${s.reason}`)}\n`);
  }
  process.stdout.write(`${verb} ${files} config file${files === 1 ? '' : 's'}\n`);
}
