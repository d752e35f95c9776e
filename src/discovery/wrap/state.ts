import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * What `wrap` did, so that `unwrap` can undo it: for each file it changed, the backup of the original
 * bytes and the hash of what it wrote. Kept in the state folder (`~/.mcpshield/wrap`), not beside the
 * configs, so that no client reads a backup as a config.
 */
export type Manifest = { version: 1; files: Record<string, WrappedFile> };
export type WrappedFile = { client: string; backup: string; wrappedSha256: string; wrappedAt: string };

export function manifestPath(stateDir: string): string {
  return join(stateDir, 'manifest.json');
}

export function readManifest(stateDir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(manifestPath(stateDir), 'utf8')) as Manifest;
    return m.version === 1 && m.files ? m : { version: 1, files: {} };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, files: {} };
    throw new Error(`cannot read ${manifestPath(stateDir)}: ${(e as Error).message}`);
  }
}

export function writeManifest(stateDir: string, m: Manifest): void {
  mkdirSync(stateDir, { recursive: true });
  writeAtomic(manifestPath(stateDir), JSON.stringify(m, null, 2) + '\n');
}

/** Where the original of `configPath` is kept: one file per config, named after its path's hash. */
export function backupPath(stateDir: string, configPath: string): string {
  return join(stateDir, 'backups', `${sha256(configPath).slice(0, 16)}-${basename(configPath)}`);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Replaces a file through a temporary file and a rename, keeping its permission bits. */
export function writeAtomic(path: string, data: string | Buffer): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    mode = undefined;
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.mcpshield-${process.pid}.tmp`;
  writeFileSync(tmp, data, mode === undefined ? {} : { mode });
  renameSync(tmp, path);
}
