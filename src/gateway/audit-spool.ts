import { mkdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEvent } from './audit.js';

const SEGMENT = /^\d{14}-\d+-\d+\.jsonl$/;
/** How often `size()` counts the segments on disk again, to see other gateways' appends and removals. */
const RECOUNT_MS = 5_000;

/**
 * Audit events on disk until the control plane has them. Each batch is one JSONL segment, written to a
 * temporary name, synced and renamed, so a segment is whole or absent; names start with the time, so
 * they sort oldest first across the processes and runs that share the directory.
 */
export class AuditSpool {
  private seq = 0;
  /** Bytes of segments as last counted, kept up to date with this process's own appends and removals. */
  private bytes = 0;
  private countedAt = -Infinity;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /**
   * The bytes its segments take on disk, this process's and others'. Counted on disk at most every
   * `RECOUNT_MS` (a spool that waited out a long outage holds thousands of segments); in between, this
   * process's own appends and removals keep the figure current.
   */
  async size(): Promise<number> {
    if (Date.now() - this.countedAt >= RECOUNT_MS) {
      let total = 0;
      for (const name of await this.list()) total += await this.segmentBytes(name);
      this.bytes = total;
      this.countedAt = Date.now();
    }
    return this.bytes;
  }

  /** 0 for a segment already gone (shipped by another gateway). */
  private segmentBytes(name: string): Promise<number> {
    return stat(join(this.dir, name)).then(
      (s) => s.size,
      () => 0,
    );
  }

  /** Writes a segment (`segmentText` of its events), on disk (synced) when it resolves; returns its name. */
  async append(text: string): Promise<string> {
    const name = `${String(Date.now()).padStart(14, '0')}-${process.pid}-${String(this.seq++).padStart(9, '0')}.jsonl`;
    const tmp = join(this.dir, `.${name}.tmp`);
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(this.dir, name));
    await syncDir(this.dir);
    this.bytes += Buffer.byteLength(text);
    return name;
  }

  /** Segments waiting, oldest first: this process's, other gateways' and earlier runs'. */
  async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => SEGMENT.test(n)).sort();
  }

  /** A segment's events; `null` when it is gone (another gateway sharing the spool shipped it). */
  async read(name: string): Promise<AuditEvent[] | null> {
    let text: string;
    try {
      text = await readFile(join(this.dir, name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AuditEvent);
  }

  /** Deletes a segment the control plane acknowledged. */
  async remove(name: string): Promise<void> {
    const bytes = await this.segmentBytes(name);
    await unlink(join(this.dir, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    this.bytes = Math.max(0, this.bytes - bytes);
  }

  /** Moves a segment the control plane refused for good to `rejected/`, where it can be read. */
  async reject(name: string): Promise<string> {
    const dir = join(this.dir, 'rejected');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const bytes = await this.segmentBytes(name);
    await rename(join(this.dir, name), join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    this.bytes = Math.max(0, this.bytes - bytes);
    return join(dir, name);
  }
}

/** A segment's content: one JSON line per event. */
export function segmentText(events: readonly AuditEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** A rename is durable once its directory is synced. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
