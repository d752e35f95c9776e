import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, StoreError, type Migration } from '../../src/store/index.js';

/** The migration runner on its own, with migrations made up for the test. */
describe('applyMigrations', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });
  const one: Migration = { tag: '0000_a', hash: 'h1', statements: ['CREATE TABLE a (x int)'] };

  it('applies what is pending once, in journal order', async () => {
    const two: Migration = {
      tag: '0001_b',
      hash: 'h2',
      statements: ['INSERT INTO a VALUES (1)', 'INSERT INTO a VALUES (2)'],
    };
    expect(await applyMigrations(db, { lock: false, migrations: [one] })).toEqual(['0000_a']);
    expect(await applyMigrations(db, { lock: false, migrations: [one, two] })).toEqual(['0001_b']);
    expect(await applyMigrations(db, { lock: false, migrations: [one, two] })).toEqual([]);
    expect((await db.query('SELECT count(*)::int AS n FROM a')).rows).toEqual([{ n: 2 }]);
  });

  it('refuses a migration changed after it was applied', async () => {
    await expect(
      applyMigrations(db, { lock: false, migrations: [{ ...one, hash: 'edited' }] }),
    ).rejects.toThrow(/migration `0000_a` was changed after it was applied/);
  });

  it('rolls a failing migration back whole and names it', async () => {
    const bad: Migration = {
      tag: '0002_bad',
      hash: 'h3',
      statements: ['CREATE TABLE c (x int)', 'SELECT nope FROM nowhere'],
    };
    const err = await applyMigrations(db, { lock: false, migrations: [one, bad] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/^migration `0002_bad` failed: /);
    expect((await db.query(`SELECT to_regclass('c') AS t`)).rows).toEqual([{ t: null }]);
    expect((await db.query(`SELECT tag FROM mcpshield_migrations ORDER BY tag`)).rows.length).toBe(2);
  });
});
