import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlSession } from './db.js';
import { StoreError } from './errors.js';

/** Where `drizzle-kit generate` writes the SQL files; the build copies the folder next to this module. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The advisory lock every opener of a PostgreSQL database takes while it migrates ('mcps' in ASCII). */
const LOCK_KEY = 0x6d637073;

export type Migration = { tag: string; hash: string; statements: string[] };

/** The migrations of a folder in the order of drizzle-kit's journal, each split at its breakpoints. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => {
    const text = readFileSync(join(dir, `${tag}.sql`), 'utf8');
    return {
      tag,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  });
}

/**
 * Applies the migrations not yet recorded in `mcpshield_migrations`, each in its own transaction, and returns
 * their tags. With `lock` (PostgreSQL) the whole run holds an advisory lock, so two processes starting at
 * once apply each migration exactly once: the second waits, then finds nothing left to do. A recorded
 * migration whose file has changed since is an error, never applied again.
 */
export async function applyMigrations(
  session: SqlSession,
  options: { lock: boolean; migrations?: Migration[] },
): Promise<string[]> {
  const migrations = options.migrations ?? readMigrations();
  if (options.lock) await session.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await session.query(
      `CREATE TABLE IF NOT EXISTS mcpshield_migrations (
        tag text PRIMARY KEY,
        hash text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await session.query('SELECT tag, hash FROM mcpshield_migrations');
    const applied = new Map(rows.map((r) => [String(r.tag), String(r.hash)]));
    const done: string[] = [];
    for (const m of migrations) {
      const hash = applied.get(m.tag);
      if (hash === m.hash) continue;
      if (hash !== undefined)
        throw new StoreError('migration', `migration \`${m.tag}\` was changed after it was applied`);
      await session.query('BEGIN');
      try {
        for (const statement of m.statements) await session.query(statement);
        await session.query('INSERT INTO mcpshield_migrations (tag, hash) VALUES ($1, $2)', [m.tag, m.hash]);
        await session.query('COMMIT');
      } catch (err) {
        await session.query('ROLLBACK');
        throw new StoreError('migration', `migration \`${m.tag}\` failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
      done.push(m.tag);
    }
    return done;
  } finally {
    if (options.lock) await session.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
