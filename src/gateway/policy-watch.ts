import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { compile } from '../policy/compile.js';
import { PolicyError, formatDiagnostic } from '../policy/diagnostics.js';
import type { PolicyHolder } from './enforce.js';
import type { Logger } from './log.js';

/**
 * Hot reload: when the policy file changes, compile it and swap it in between two messages. A policy that
 * does not compile is reported and the last good one stays in force.
 */
export function watchPolicy(file: string, holder: PolicyHolder, log: Logger): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    try {
      const { ir, warnings } = compile(readFileSync(file, 'utf8'), { file });
      holder.ir = ir;
      log.info({ file, warnings: warnings.map((w) => formatDiagnostic(w, file)) }, 'policy reloaded');
    } catch (e) {
      const errors =
        e instanceof PolicyError
          ? e.diagnostics.map((d) => formatDiagnostic(d, file))
          : [(e as Error).message];
      log.error({ file, errors }, 'policy reload failed; the last good policy stays in force');
    }
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
