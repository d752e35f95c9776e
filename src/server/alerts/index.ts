/** Alerts: the rules (one file each, registered by id), raising into the store, delivery to channels. */
export { ALERT_RULES } from './registry.js';
export type { AlertRule, AuditFacts, AuditRule, Candidate, ReportFacts, ReportRule } from './rule.js';
export { createAlerting, type Alerting } from './alerting.js';
export { alertJson } from './alert-json.js';
