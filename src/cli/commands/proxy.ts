import type { Command } from 'commander';
import { defaultPinsDir } from '../../gateway/home.js';
import { runStdioProxy } from '../../gateway/stdio-proxy.js';
import { CliError, loadPolicy } from '../policy-file.js';

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
      const { ir } = loadPolicy(opts.policy, { quiet: false });
      const [cmd, ...args] = command;
      await runStdioProxy({
        upstream: { command: cmd!, args },
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
