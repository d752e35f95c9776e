/**
 * What must run when the server closes, after it stops taking requests and before the store closes:
 * flushing queued writes, stopping timers. Hooks run last-added first; one that fails is logged and the
 * others still run.
 */
export class Closers {
  private readonly hooks: (() => void | Promise<void>)[] = [];

  add(hook: () => void | Promise<void>): void {
    this.hooks.push(hook);
  }

  async close(): Promise<void> {
    for (const hook of this.hooks.splice(0).reverse()) {
      try {
        await hook();
      } catch (err) {
        process.stderr.write(`mcpshield up: closing failed: ${(err as Error)?.stack ?? String(err)}\n`);
      }
    }
  }
}
