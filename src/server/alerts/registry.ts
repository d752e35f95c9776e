import { denialBurst } from './denial-burst.js';
import { knownVulnerable } from './known-vulnerable.js';
import { newRiskyServer } from './new-risky-server.js';
import type { AlertRule } from './rule.js';
import { riskRise } from './risk-rise.js';
import { rugPull } from './rug-pull.js';

/** Every alert rule, keyed by its id (the alerts' `kind`); a duplicate id fails at load. */
export const ALERT_RULES: Readonly<Record<string, AlertRule>> = registry([
  newRiskyServer,
  riskRise,
  knownVulnerable,
  rugPull,
  denialBurst,
]);

function registry(rules: AlertRule[]): Record<string, AlertRule> {
  const out: Record<string, AlertRule> = {};
  for (const rule of rules) {
    if (Object.hasOwn(out, rule.meta.id)) throw new Error(`duplicate alert rule id \`${rule.meta.id}\``);
    out[rule.meta.id] = rule;
  }
  return out;
}
