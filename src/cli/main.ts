#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import * as inspect from './commands/inspect.js';
import * as policy from './commands/policy/index.js';
import * as detectorsCmd from './commands/detectors.js';
import * as pins from './commands/pins.js';
import * as proxy from './commands/proxy.js';
import { CliError } from './policy-file.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('mcpshield')
  .description('Security for the Model Context Protocol: discover, scan, enforce and govern MCP servers.')
  .version(pkg.version)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

for (const cmd of [inspect, policy, detectorsCmd, proxy, pins]) cmd.register(program);

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
