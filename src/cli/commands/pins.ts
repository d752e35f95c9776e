import type { Command } from 'commander';
import pc from 'picocolors';
import { defaultPinsDir } from '../../gateway/home.js';
import { PinStore } from '../../gateway/pins.js';
import { CliError } from '../policy-file.js';

type Options = { pins: string; json?: boolean };

function store(opts: Options): PinStore {
  return new PinStore(opts.pins);
}

export function register(program: Command): void {
  const pins = program
    .command('pins')
    .description('tool pins: the tool definitions the gateway trusts, and the changes it blocked')
    .option('--pins <dir>', 'tool pin store', defaultPinsDir());

  pins
    .command('list')
    .description('list pinned tools; changed (blocked) ones first')
    .argument('[server]', 'only this server')
    .option('--json', 'print JSON')
    .action((server: string | undefined, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Options>();
      const s = store(opts);
      const servers = server ? [server] : s.servers();
      const rows = servers.flatMap((name) =>
        Object.entries(readOrFail(s, name).tools).map(([tool, pin]) => ({
          server: name,
          tool,
          hash: pin.hash,
          pinned_at: pin.pinned_at,
          changed: pin.changed ? { hash: pin.changed.hash, seen_at: pin.changed.seen_at } : undefined,
        })),
      );
      rows.sort(
        (a, b) =>
          Number(!!b.changed) - Number(!!a.changed) ||
          a.server.localeCompare(b.server) ||
          a.tool.localeCompare(b.tool),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no pins in ${opts.pins}\n`);
        return;
      }
      for (const r of rows) {
        const state = r.changed
          ? pc.red(`CHANGED ${r.changed.seen_at} -> ${r.changed.hash.slice(0, 19)} (blocked)`)
          : pc.green('pinned');
        process.stdout.write(`${r.server}/${r.tool}  ${r.hash.slice(0, 19)}  ${state}\n`);
      }
    });

  pins
    .command('approve')
    .description("trust a tool's changed definition (all changed tools of the server without TOOL)")
    .argument('<server>')
    .argument('[tool]')
    .action((server: string, tool: string | undefined, _o: unknown, cmd: Command) => {
      const s = store(cmd.optsWithGlobals<Options>());
      readOrFail(s, server);
      const approved = s.approve(server, tool);
      if (approved.length === 0)
        throw new CliError(
          tool
            ? `\`${server}/${tool}\` has no changed definition to approve`
            : `\`${server}\` has no changed tools`,
          1,
        );
      for (const t of approved) process.stdout.write(`approved ${server}/${t}\n`);
    });

  pins
    .command('reset')
    .description('forget the pins of a server (or one tool): the next tools/list pins them afresh')
    .argument('<server>')
    .argument('[tool]')
    .action((server: string, tool: string | undefined, _o: unknown, cmd: Command) => {
      const s = store(cmd.optsWithGlobals<Options>());
      const n = s.reset(server, tool);
      process.stdout.write(
        `forgot ${n} pin${n === 1 ? '' : 's'} of ${tool ? `${server}/${tool}` : server}\n`,
      );
    });
}

function readOrFail(s: PinStore, server: string) {
  try {
    return s.read(server);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
