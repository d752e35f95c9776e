import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store/index.js';
import { ROOT } from '../support/source.js';

it('the committed migrations are what the schema generates (run `npm run db:generate`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpshield-migrations-'));
  try {
    const out = join(dir, 'migrations');
    cpSync(MIGRATIONS_DIR, out, { recursive: true });
    const before = readdirSync(out);
    // drizzle-kit takes `--out` relative to the working directory
    const log = execFileSync(
      join(ROOT, 'node_modules', '.bin', 'drizzle-kit'),
      [
        'generate',
        '--dialect',
        'postgresql',
        '--schema',
        'src/store/schema/index.ts',
        '--out',
        relative(ROOT, out),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(readdirSync(out)).toEqual(before);
    expect(log).toContain('No schema changes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
