import { commandInjection } from './command-injection.js';
import { pathTraversal } from './path-traversal.js';
import { promptInjection } from './prompt-injection.js';
import { secrets } from './secrets.js';
import { sensitivePaths } from './sensitive-paths.js';
import { ssrf } from './ssrf.js';
import { toolPoisoning } from './tool-poisoning.js';
import type { Detector } from './types.js';

export * from './types.js';

const all = [
  ssrf,
  pathTraversal,
  sensitivePaths,
  commandInjection,
  promptInjection,
  toolPoisoning,
  secrets,
] as const;

/** Every detector, keyed by id. The order is the order in which the engine runs them. */
export const detectors: Readonly<Record<string, Detector>> = (() => {
  const out: Record<string, Detector> = {};
  for (const d of all) {
    if (out[d.meta.id]) throw new Error(`duplicate detector id \`${d.meta.id}\``);
    out[d.meta.id] = d as unknown as Detector;
  }
  return Object.freeze(out);
})();

export type DetectorId = (typeof all)[number]['meta']['id'];
export const detectorIds = Object.keys(detectors) as DetectorId[];
