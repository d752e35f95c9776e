import type { Store } from '../store/index.js';

/** How often audit events past their plan's retention are deleted. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes each organisation's audit events older than its plan's `retentionDays` (a plan without one
 * keeps everything). Returns how many events went.
 */
export async function pruneExpiredAudit(store: Store, now = new Date()): Promise<number> {
  let pruned = 0;
  for (const orgId of await store.organizationIds()) {
    const org = store.forOrg(orgId);
    const { retentionDays } = await org.billing.plan();
    if (retentionDays !== null) pruned += await org.audit.prune(retentionDays, now);
  }
  return pruned;
}

/**
 * Prunes now and then every `everyMs`, on an unref'd timer (it never keeps the process alive); a run
 * that fails is logged and the next one tries again. Returns `stop()`, which waits for a run in progress.
 */
export function startRetention(store: Store, everyMs = RETENTION_EVERY_MS): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = pruneExpiredAudit(store).then(
      () => undefined,
      (err: unknown) => {
        process.stderr.write(
          `mcpshield up: pruning the audit trail failed: ${(err as Error)?.message ?? String(err)}\n`,
        );
      },
    );
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
