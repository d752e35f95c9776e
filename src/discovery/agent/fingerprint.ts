import { stat } from 'node:fs/promises';
import { enumerateSources, type DiscoverOptions } from '../discover.js';

/**
 * What the configs of a machine look like from outside: every candidate file with its modification time
 * and size (or `-` when absent), and every folder that could not be listed. Two equal fingerprints mean
 * nothing to re-read: no file appeared, went, or changed size or time.
 */
export async function configFingerprint(opts: DiscoverOptions): Promise<string> {
  const { clients } = await enumerateSources(opts);
  const lines = await Promise.all(
    clients.flatMap((c) => [
      ...c.sources.map(async (s) => {
        try {
          const st = await stat(s.path);
          return `${s.path}\t${st.mtimeMs}\t${st.size}`;
        } catch (e) {
          return `${s.path}\t${(e as NodeJS.ErrnoException).code ?? '-'}`;
        }
      }),
      ...c.folders.map(async (f) => `${f.path}\tfolder\t${f.message}`),
    ]),
  );
  return lines.join('\n');
}
