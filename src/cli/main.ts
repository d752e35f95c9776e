#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { VERSION } from '../version.js';

type CommandModule = { register(program: Command): void };

/**
 * `proxy` is started by AI clients for every server they use: it loads only itself (and starts the
 * server before loading the engine). Every other invocation registers every command.
 */
const modules: CommandModule[] =
  process.argv[2] === 'proxy'
    ? [await import('./commands/proxy.js')]
    : await Promise.all([
        import('./commands/inspect.js'),
        import('./commands/policy/index.js'),
        import('./commands/detectors.js'),
        import('./commands/proxy.js'),
        import('./commands/pins.js'),
        import('./commands/discover.js'),
        import('./commands/wrap.js'),
        import('./commands/agent.js'),
        import('./commands/scan.js'),
        import('./commands/mcp.js'),
        import('./commands/up.js'),
      ]);

const program = new Command()
  .name('mcpshield')
  .description('Security for the Model Context Protocol: discover, scan, enforce and govern MCP servers.')
  .version(VERSION)
  .showHelpAfterError('(add --help for usage)')
  // A subcommand's options are its own, even where its parent has one of the same name (`agent install --home`).
  .enablePositionalOptions()
  .exitOverride();

for (const cmd of modules) cmd.register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof CliError) {
    process.stderr.write(`mcpshield: ${e.message}\n`);
    process.exitCode = e.code;
  } else {
    process.stderr.write(`mcpshield: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  }
}
