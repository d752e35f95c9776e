import type { Command } from 'commander';
import { defaultPinsDir } from '../../gateway/home.js';
import { spawnStdio } from '../../gateway/upstream.js';
import { CliError } from '../cli-error.js';

type Options = {
  policy: string;
  name?: string;
  audit?: string;
  auditShape?: boolean;
  pins?: string;
  maxMessageBytes: string;
};

export function register(program: Command): void {
  program
    .command('proxy')
    .description('run an MCP server behind the gateway: every message judged by the policy')
    .usage('--policy FILE [options] -- COMMAND [ARGS...]')
    .requiredOption('-p, --policy <file>', 'policy file (YAML or JSON); reloaded when it changes')
    .option('--name <name>', 'the server name rules match (default: from the command)')
    .option('--audit <file>', 'append one JSON line per decision to FILE (rotated at 64 MiB)')
    .option('--audit-shape', 'audit the shape of arguments only (types and lengths), not their values')
    .option('--pins <dir>', 'tool pin store', defaultPinsDir())
    .option('--max-message-bytes <n>', 'largest message accepted either way', String(16 * 1024 * 1024))
    .argument('<command...>', 'the stdio server to start, after --')
    .addHelpText(
      'after',
      `
Point an AI client's config at the gateway instead of the server:
  "command": "mcpshield",
  "args": ["proxy", "--policy", "/etc/mcpshield/policy.yaml", "--", "npx", "-y",
           "@modelcontextprotocol/server-filesystem", "/data"]
stdout carries the protocol; logs go to stderr (MCPSHIELD_LOG_LEVEL=debug|info|warn|error|silent).`,
    )
    .action(async (command: string[], opts: Options) => {
      const max = Number(opts.maxMessageBytes);
      if (!Number.isInteger(max) || max < 1024)
        throw new CliError('--max-message-bytes must be a whole number >= 1024');
      const [cmd, ...args] = command;
      const upstream = { command: cmd!, args };
      // Start the server first: it boots while the engine loads and the policy compiles.
      const started = spawnStdio(upstream, max);
      const [{ loadPolicy }, { runStdioProxy }] = await Promise.all([
        import('../policy-file.js'),
        import('../../gateway/stdio-proxy.js'),
      ]);
      let ir;
      try {
        ir = loadPolicy(opts.policy, { quiet: false }).ir;
      } catch (e) {
        started.channel.close();
        throw e;
      }
      await runStdioProxy({
        started,
        upstream,
        ir,
        policyFile: opts.policy,
        server: opts.name,
        audit: opts.audit,
        auditShape: opts.auditShape,
        pinsDir: opts.pins!,
        maxMessageBytes: max,
      });
    });
}
