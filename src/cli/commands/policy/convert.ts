import type { Command } from 'commander';
import { stringify } from 'yaml';
import { loadPolicy } from '../../policy-file.js';

export function register(policy: Command): void {
  policy
    .command('convert')
    .description('print a policy (also allowed_tools / allowlisted_tools formats) as a version 1 policy')
    .argument('<file>', 'policy file')
    .action((file: string) => {
      const { ir } = loadPolicy(file);
      process.stdout.write(stringify(ir.policy, { lineWidth: 0 }));
    });
}
