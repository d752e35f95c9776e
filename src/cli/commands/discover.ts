import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { clients } from '../../discovery/clients/index.js';
import { discover, type DiscoverOptions } from '../../discovery/discover.js';
import type { DiscoveredServer, Inventory, Os } from '../../discovery/types.js';
import { CliError } from '../cli-error.js';
import { sandboxAvailable } from '../../gateway/sandbox.js';
import { deepLister } from '../deep.js';
import { colours } from '../output.js';

type Options = {
  format: string;
  home?: string;
  os?: string;
  root?: string;
  workspace: string[];
  client: string[];
  deep?: boolean;
  sandbox: string;
  timeout: string;
};

const OSES = ['linux', 'macos', 'windows'];

export function register(program: Command): void {
  program
    .command('discover')
    .description('find every MCP server configured in the AI clients on this machine, and score its risk')
    .option('--format <format>', 'table or json', 'table')
    .option('--home <dir>', "scan DIR as the user's home folder")
    .option('--os <os>', 'whose config locations to read: linux, macos or windows (default: this one)')
    .option('--root <dir>', 'take system-wide locations (/etc, C:\\ProgramData) under DIR')
    .option(
      '--workspace <dir>',
      'also scan this project folder (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--client <id>',
      `only this client (repeatable): ${Object.keys(clients).join(', ')}`,
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--deep', 'start every enabled stdio server and list its tools (runs them: explicit consent)')
    .option('--sandbox <kind>', 'with --deep: bwrap (read-only filesystem, secrets masked) or none', 'bwrap')
    .option('--timeout <ms>', 'with --deep: start-up and listing time allowed per server', '30000')
    .action(async (opts: Options) => {
      if (opts.format !== 'table' && opts.format !== 'json')
        throw new CliError(`--format \`${opts.format}\` must be table or json`);
      if (opts.os !== undefined && !OSES.includes(opts.os))
        throw new CliError(`--os \`${opts.os}\` must be linux, macos or windows`);
      const unknown = opts.client.filter((c) => !clients[c]);
      if (unknown.length)
        throw new CliError(`unknown client \`${unknown[0]}\` (known: ${Object.keys(clients).join(', ')})`);
      for (const [flag, dir] of [
        ['--home', opts.home],
        ['--root', opts.root],
      ] as const)
        if (dir !== undefined && !isFolder(dir)) throw new CliError(`${flag} \`${dir}\` is not a folder`);
      let deep: DiscoverOptions['deep'];
      if (opts.deep) {
        if (opts.sandbox !== 'bwrap' && opts.sandbox !== 'none')
          throw new CliError(`--sandbox \`${opts.sandbox}\` must be bwrap or none`);
        const timeoutMs = Number(opts.timeout);
        if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
          throw new CliError('--timeout must be milliseconds, >= 100');
        if (opts.sandbox === 'bwrap' && !sandboxAvailable('bwrap'))
          throw new CliError(
            '--deep runs each server under bubblewrap, which is not installed here (apt install bubblewrap); ' +
              '`--sandbox none` runs them unconfined',
          );
        process.stderr.write(
          `mcpshield: --deep starts every enabled stdio server (${opts.sandbox === 'bwrap' ? 'sandboxed' : 'unconfined'}) to list its tools\n`,
        );
        deep = deepLister({ sandbox: opts.sandbox, timeoutMs });
      }
      const inventory = await discover({
        deep,
        os: opts.os as Os | undefined,
        home: opts.home,
        root: opts.root,
        workspaces: opts.workspace,
        clients: opts.client.length ? opts.client : undefined,
      });
      process.stdout.write(
        opts.format === 'json' ? JSON.stringify(inventory, null, 2) + '\n' : formatInventory(inventory),
      );
      // A config that exists but was not scanned is a failed check: the machine is not known to be clean.
      if (inventory.errors.length) process.exitCode = 1;
    });
}

/** The inventory for people: one line per server, riskiest first, then what could not be read. */
export function formatInventory(inv: Inventory, c = colours()): string {
  const lines: string[] = [];
  const rows = [...inv.servers].sort((a, b) => b.risk.score - a.risk.score);
  const width = (f: (s: DiscoveredServer) => string, min: number) =>
    Math.min(28, Math.max(min, ...rows.map((s) => f(s).length)));
  const wc = width((s) => s.client, 6);
  const wn = width((s) => s.name, 6);
  lines.push(
    c.bold(
      `${'CLIENT'.padEnd(wc)}  ${'SERVER'.padEnd(wn)}  ${'TRANSPORT'.padEnd(9)}  ${'RISK'.padEnd(13)}  FACTORS`,
    ),
  );
  for (const s of rows) {
    const risk = `${String(s.risk.score).padStart(3)} ${s.risk.level}`.padEnd(13);
    const top = s.risk.factors
      .slice(0, 3)
      .map((f) => `${f.id} +${f.points}`)
      .join(', ');
    const disabled = s.enabled ? '' : c.dim(' (disabled)');
    lines.push(
      `${cut(s.client, wc).padEnd(wc)}  ${cut(s.name, wn).padEnd(wn)}${disabled}  ${s.transport.padEnd(9)}  ${levelColour(s.risk.level, c)(risk)}  ${c.dim(top || '-')}`,
    );
  }
  if (rows.length === 0) lines.push(c.dim('no MCP servers found'));
  const files = inv.clients.filter((x) => x.status === 'ok').length;
  lines.push(
    '',
    c.dim(
      `${rows.length} server${rows.length === 1 ? '' : 's'} in ${files} config file${files === 1 ? '' : 's'}` +
        ` (--format json for paths, arguments and every factor)`,
    ),
  );
  const byPath = new Map<string, { message: string; clients: string[] }>();
  for (const e of inv.errors) {
    const seen = byPath.get(e.configPath);
    if (seen) seen.clients.push(e.client);
    else byPath.set(e.configPath, { message: e.message, clients: [e.client] });
  }
  for (const [path, e] of byPath)
    lines.push(c.red(`not scanned: ${path}: ${e.message}`) + c.dim(` (${e.clients.join(', ')})`));
  return lines.join('\n') + '\n';
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function levelColour(level: string, c: ReturnType<typeof colours>): (t: string) => string {
  if (level === 'critical') return (t) => c.bold(c.magenta(t));
  if (level === 'high') return c.red;
  if (level === 'medium') return c.yellow;
  return c.green;
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
