import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file under the data directory that keeps the generated signing secret. */
export const SECRET_FILE = 'jwt-secret';

/**
 * The secret that signs access tokens and keys the one-time-code hashes: `MCPSHIELD_JWT_SECRET` when set,
 * else generated once and kept in `DIR/jwt-secret` (mode 0600), else (no data directory: tests) random for
 * this process.
 */
export function loadSecret(env: string | undefined, dataDir: string | undefined): Uint8Array {
  if (env) {
    if (env.length < 32) throw new Error('MCPSHIELD_JWT_SECRET must be at least 32 characters');
    return new TextEncoder().encode(env);
  }
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(48).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}
