import type { Command } from 'commander';
import { policyJsonSchema } from '../../../policy/schema.js';

export function register(policy: Command): void {
  policy
    .command('schema')
    .description(
      'print the JSON Schema of the policy language (for editors: # yaml-language-server: $schema=FILE)',
    )
    .action(() => {
      process.stdout.write(JSON.stringify(policyJsonSchema(), null, 2) + '\n');
    });
}
