import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';

export type CommandModule = { register(program: Command): void };

/**
 * Build the `mcpshield` program from command modules, run it on `process.argv`, and map failures to exit
 * codes: 2 for bad usage or input (commander's errors, `CliError` unless it says otherwise), 70 for an
 * internal error.
 */
export async function runCli(modules: CommandModule[], version?: string): Promise<void> {
  const program = new Command()
    .name('mcpshield')
    .description('Security for the Model Context Protocol: discover, scan, enforce and govern MCP servers.');
  if (version !== undefined) program.version(version);
  program
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
}
