import type { Alert, OrgRepos, Store } from '../../store/index.js';
import type { Bus } from '../bus.js';
import { deliverAlert, type DeliveryOptions } from './deliver.js';
import { ALERT_RULES } from './registry.js';
import type { AuditFacts, Candidate, ReportFacts } from './rule.js';

/** The alert rules of one server process, raising into the store and delivering to the channels. */
export type Alerting = {
  /** Runs the report rules; returns the alerts raised (those already open are not raised again). */
  onReport(org: OrgRepos, facts: ReportFacts): Promise<Alert[]>;
  /** Runs the decision rules (rug pulls, bursts of denials). */
  onAudit(facts: AuditFacts): Promise<Alert[]>;
  /** Listens for decisions stored (`audit` on the bus); returns the unsubscribe. */
  listen(bus: Bus): () => void;
  /** Resolves when every rule run and delivery started so far has ended (shutdown, tests). */
  idle(): Promise<void>;
};

export function createAlerting(options: DeliveryOptions & { store: Store }): Alerting {
  const rules = Object.values(ALERT_RULES);
  const reportChecks = rules.flatMap((r) => (r.on === 'report' ? [r.create()] : []));
  const auditChecks = rules.flatMap((r) => (r.on === 'audit' ? [r.create()] : []));
  const pending = new Set<Promise<void>>();

  async function raise(org: OrgRepos, candidates: Candidate[]): Promise<Alert[]> {
    const raised: Alert[] = [];
    for (const candidate of candidates) {
      const alert = await org.alerts.raise(candidate);
      if (alert) raised.push(alert);
    }
    if (raised.length) {
      // Delivery runs after the answer: a slow or failing channel never holds up or fails the request.
      const delivery = org.alertChannels
        .list()
        .then(async (channels) => {
          for (const alert of raised) await deliverAlert(org.orgId, alert, channels, options);
        })
        .catch((err: unknown) => {
          process.stderr.write(`mcpshield up: alert delivery failed: ${(err as Error).message}\n`);
        })
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    }
    return raised;
  }

  /** Counts `work` as under way until it settles, so `idle()` waits for it too. */
  function track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  }

  const alerting: Alerting = {
    onReport: (org, facts) =>
      raise(
        org,
        reportChecks.flatMap((check) => check(facts)),
      ),
    onAudit: (facts) =>
      raise(
        options.store.forOrg(facts.orgId),
        auditChecks.flatMap((check) => check(facts)),
      ),
    listen: (bus) => bus.on('audit', (facts) => track(alerting.onAudit(facts).then(() => undefined))),
    async idle() {
      while (pending.size) await Promise.allSettled(pending);
    },
  };
  return alerting;
}
