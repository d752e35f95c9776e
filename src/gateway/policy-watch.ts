import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { compile } from '../policy/compile.js';
import { PolicyError, formatDiagnostic } from '../policy/diagnostics.js';
import type { PolicyHolder } from './enforce.js';
import type { Logger } from './log.js';

/**
 * Compiles `source` and swaps it in between two messages; `origin` names where it came from (a file, a
 * control plane version) in diagnostics. A policy that does not compile is reported and the last good one
 * stays in force. True when the new policy is in force.
 */
export function swapPolicy(holder: PolicyHolder, source: string, origin: string, log: Logger): boolean {
  try {
    const { ir, warnings } = compile(source, { file: origin });
    holder.ir = ir;
    log.info(
      { policy: origin, warnings: warnings.map((w) => formatDiagnostic(w, origin)) },
      'policy reloaded',
    );
    return true;
  } catch (e) {
    const errors =
      e instanceof PolicyError
        ? e.diagnostics.map((d) => formatDiagnostic(d, origin))
        : [(e as Error).message];
    log.error(
      { policy: origin, errors },
      'policy refused: it does not compile; the last good policy stays in force',
    );
    return false;
  }
}

/** Hot reload: when the policy file changes, it is read and swapped in (`swapPolicy`). */
export function watchPolicy(file: string, holder: PolicyHolder, log: Logger): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      log.error(
        { policy: file, errors: [(e as Error).message] },
        'policy reload failed; the last good policy stays in force',
      );
      return;
    }
    swapPolicy(holder, source, file, log);
  };
  // Editors replace files (rename) as often as they write them: watch, debounce, re-read.
  const watcher = watch(file, () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 100);
  });
  watcher.on('error', (e) => log.warn({ err: e }, 'cannot watch the policy file; hot reload is off'));
  watcher.unref();
  return watcher;
}
