import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reports kept at most; beyond this the oldest are dropped (and said so). */
export const SPOOL_LIMIT = 1000;

/**
 * Reports waiting for the control plane, one JSON file each, named so that names sort oldest first.
 * Each file is written under a temporary name and renamed into place: a crash never leaves half a report.
 */
export function spool(dir: string) {
  let sequence = 0;
  const ready = (name: string) => name.endsWith('.json');
  return {
    dir,
    /** Adds a report; returns the names of reports dropped to stay within `SPOOL_LIMIT`. */
    async put(report: unknown): Promise<string[]> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${String(Date.now()).padStart(15, '0')}-${String(sequence++).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
      const tmp = join(dir, `.${name}.tmp`);
      await writeFile(tmp, JSON.stringify(report), { mode: 0o600 });
      await rename(tmp, join(dir, name));
      const names = await this.list();
      const dropped = names.slice(0, Math.max(0, names.length - SPOOL_LIMIT));
      for (const old of dropped) await this.remove(old);
      return dropped;
    },
    /** Waiting reports, oldest first. */
    async list(): Promise<string[]> {
      try {
        return (await readdir(dir)).filter(ready).sort();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    async read(name: string): Promise<unknown> {
      return JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown;
    },
    async remove(name: string): Promise<void> {
      await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },
  };
}

export type Spool = ReturnType<typeof spool>;
