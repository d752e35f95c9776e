/** One reason for a server's risk score: a stable id, its points, and one line that explains it. */
export type Factor = { id: string; points: number; detail: string };

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export type Risk = { score: number; level: RiskLevel; factors: Factor[] };

/** Levels of the contract: low 0–29, medium 30–59, high 60–84, critical 85–100. */
export function levelOf(score: number): RiskLevel {
  if (score >= 85) return 'critical';
  if (score >= 60) return 'high';
  if (score >= 30) return 'medium';
  return 'low';
}
