import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Suppressed } from './report.js';
import type { ScanFinding } from './types.js';

/** One accepted finding: its id, optionally where (a substring of the location), and why it is accepted. */
export type Suppression = { id: string; location?: string; reason: string };

/**
 * Reads a baseline (YAML or JSON): `suppressions: [{ id, location?, reason }]`. A suppression without a
 * reason is an error: an accepted risk must say why.
 */
export function readBaseline(file: string): Suppression[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read baseline \`${file}\`: ${(e as Error).message}`);
  }
  const list = (doc as { suppressions?: unknown } | null)?.suppressions;
  if (!Array.isArray(list)) throw new Error(`baseline \`${file}\` has no \`suppressions\` list`);
  return list.map((s: unknown, i) => {
    const e = (s ?? {}) as Record<string, unknown>;
    if (typeof e.id !== 'string' || !e.id)
      throw new Error(`baseline \`${file}\`: suppressions[${i}] has no \`id\``);
    if (typeof e.reason !== 'string' || !e.reason.trim())
      throw new Error(`baseline \`${file}\`: suppressions[${i}] (\`${e.id}\`) has no \`reason\``);
    return {
      id: e.id,
      reason: e.reason.trim(),
      ...(typeof e.location === 'string' ? { location: e.location } : {}),
    };
  });
}

/** Splits findings into those kept and those a suppression accepts (with its reason). */
export function applyBaseline(
  findings: ScanFinding[],
  suppressions: readonly Suppression[],
): { kept: ScanFinding[]; suppressed: Suppressed[] } {
  const kept: ScanFinding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const s = suppressions.find(
      (x) => x.id === f.id && (x.location === undefined || f.location.includes(x.location)),
    );
    if (s) suppressed.push({ id: f.id, location: f.location, reason: s.reason });
    else kept.push(f);
  }
  return { kept, suppressed };
}
