import { readFileSync } from 'node:fs';
import { compile, type CompileResult } from '../policy/compile.js';
import { PolicyError } from '../policy/diagnostics.js';
import { printDiagnostics } from './output.js';

import { CliError } from './cli-error.js';

export { CliError };

export function readTextFile(file: string, what: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
    throw new CliError(`cannot read ${what} \`${file}\`: ${why}`);
  }
}

/** Read and compile a policy file; print warnings; on errors print them all (file:line:col) and fail. */
export function loadPolicy(file: string, opts: { quiet?: boolean } = {}): CompileResult {
  return compilePolicy(readTextFile(file, 'policy'), file, opts);
}

/** Compile policy text from `origin` (a file, a control plane's version), printing as `loadPolicy` does. */
export function compilePolicy(source: string, origin: string, opts: { quiet?: boolean } = {}): CompileResult {
  try {
    const res = compile(source, { file: origin });
    if (!opts.quiet) printDiagnostics(res.warnings, origin);
    return res;
  } catch (e) {
    if (e instanceof PolicyError) {
      printDiagnostics(e.diagnostics, origin);
      throw new CliError(
        `policy \`${origin}\` has ${e.diagnostics.length} error${e.diagnostics.length === 1 ? '' : 's'}`,
      );
    }
    throw e;
  }
}

/** Parse a JSON command-line value, naming the flag when it is not JSON. */
export function parseJsonFlag(value: string | undefined, flag: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (e) {
    throw new CliError(`${flag} is not valid JSON: ${(e as Error).message}`);
  }
}
