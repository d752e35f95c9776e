import type { Command } from 'commander';
import * as convert from './convert.js';
import * as explain from './explain.js';
import * as schema from './schema.js';
import * as test from './test.js';
import * as validate from './validate.js';

export function register(program: Command): void {
  const policy = program.command('policy').description('validate, test, explain and convert policies');
  for (const verb of [validate, test, explain, schema, convert]) verb.register(policy);
}
