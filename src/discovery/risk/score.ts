import type { RawServer } from '../types.js';
import { factsOf } from './facts.js';
import { FACTORS } from './factors.js';
import { levelOf, type Factor, type Risk } from './types.js';

/** The risk of one server: the sum of its factors' points, at most 100, highest factors first. */
export function scoreServer(server: RawServer, home: string): Risk {
  const facts = factsOf(server, home);
  const factors: Factor[] = [];
  for (const rule of FACTORS) {
    const detail = rule.test(facts);
    if (detail === null) continue;
    const points = typeof rule.points === 'number' ? rule.points : rule.points(facts);
    factors.push({ id: rule.id, points, detail });
  }
  factors.sort((a, b) => b.points - a.points);
  const score = Math.min(
    100,
    factors.reduce((sum, f) => sum + f.points, 0),
  );
  return { score, level: levelOf(score), factors };
}
