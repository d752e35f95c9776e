/**
 * Waits that grow after each failure and start over after a success: `first` doubled up to `max`, each
 * with up to a quarter of random jitter so gateways that lost the same control plane do not return in step.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly first = 500,
    private readonly max = 15_000,
  ) {}

  /** The wait before the next attempt, counting one more failure. */
  next(): number {
    const base = Math.min(this.max, this.first * 2 ** this.failures);
    this.failures++;
    return Math.round(base * (0.75 + Math.random() * 0.25));
  }

  reset(): void {
    this.failures = 0;
  }
}

/**
 * Resolves after `ms`, or at once when one of `signals` aborts. The timer never keeps the process alive.
 * Listeners are removed when it resolves: long-lived signals (a sink's stop) gather nothing.
 */
export function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    for (const s of signals) s.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    }
  });
}
