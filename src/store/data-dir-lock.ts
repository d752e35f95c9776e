import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from './errors.js';

/** Whether a process with this id is running (a process of another user counts). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `DIR.lock` for the embedded database in `DIR`: two processes writing one PGlite directory would
 * corrupt it, so the second is refused with the first one's process id. A lock left by a process that is
 * gone is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new StoreError(
          'config',
          `the embedded database in \`${dir}\` is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}: stop it first, or set MCPSHIELD_DATABASE_URL to share a PostgreSQL server`,
        );
      unlinkSync(file); // stale: its process is gone
    }
  }
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
