import type { Command } from 'commander';
import { compile } from '../../../policy/compile.js';
import { PolicyError, type Diagnostic } from '../../../policy/diagnostics.js';
import { colours, printDiagnostics } from '../../output.js';
import { CliError, readTextFile } from '../../policy-file.js';

export function register(policy: Command): void {
  policy
    .command('validate')
    .description('check a policy: errors with line and column, warnings for rules that can never match')
    .argument('<file>', 'policy file (YAML or JSON), or - for stdin')
    .option('--format <format>', 'text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .action((file: string, opts: { format: string; strict?: boolean }) => {
      const source = readTextFile(file, 'policy');
      let errors: Diagnostic[] = [];
      let warnings: Diagnostic[] = [];
      let summary = '';
      try {
        const { ir, warnings: w } = compile(source, { file });
        warnings = w;
        summary = `${ir.rules.length} rule${ir.rules.length === 1 ? '' : 's'}, default ${ir.default}, detectors: ${
          ir.detectors.map((d) => `${d.id}=${d.action}`).join(' ') || 'none'
        }`;
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        errors = e.diagnostics;
      }
      const failed = errors.length > 0 || (opts.strict === true && warnings.length > 0);
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify({ valid: !failed, errors, warnings }, null, 2) + '\n');
      } else {
        printDiagnostics([...errors, ...warnings], file);
        const c = colours();
        if (!failed) process.stdout.write(`${c.green('valid')} ${file}: ${summary}\n`);
      }
      if (failed) throw new CliError(`${file} is not valid`, errors.length > 0 ? 2 : 1);
    });
}
