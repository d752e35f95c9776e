import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { policyCacheFile, type ControlPlane } from './control-plane.js';

/** The last policy a control plane gave: what a gateway runs on when the control plane is away at start. */
export type CachedPolicy = { version: number; yaml: string; saved_at: string };

export function readCachedPolicy(cp: ControlPlane): CachedPolicy | null {
  try {
    const cached = JSON.parse(readFileSync(policyCacheFile(cp), 'utf8')) as Partial<CachedPolicy>;
    if (typeof cached.version !== 'number' || typeof cached.yaml !== 'string') return null;
    return cached as CachedPolicy;
  } catch {
    return null; // none yet, or unreadable: the control plane or the file decides
  }
}

/** Written whole or not at all (a temporary file renamed), readable by this user only. */
export function writeCachedPolicy(cp: ControlPlane, policy: { version: number; yaml: string }): void {
  const file = policyCacheFile(cp);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const cached: CachedPolicy = {
    version: policy.version,
    yaml: policy.yaml,
    saved_at: new Date().toISOString(),
  };
  writeFileSync(tmp, `${JSON.stringify(cached)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
