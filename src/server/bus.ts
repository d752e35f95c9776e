import { EventEmitter } from 'node:events';
import type { AuditEventInput } from '../store/index.js';

/** What happened in this process that other parts of the server react to. */
export type BusEvents = {
  /** A policy version was saved (PUT, rollback): gateways of the project get it pushed. */
  policy: [{ orgId: string; projectId: string; version: number }];
  /** Decisions were stored (ingest, inspect): alert rules look for rug pulls and bursts of denials. */
  audit: [{ orgId: string; projectId: string | null; events: AuditEventInput[] }];
  /**
   * The server is closing: long-lived answers (event streams) end now, each adding to `ending` a promise
   * that settles once it has ended, so closing waits for them and never for a client.
   */
  shutdown: [{ ending: Promise<void>[] }];
};

/**
 * The server's in-process event bus. Listeners run after the request that emitted has done its work;
 * one that throws is logged and never fails that request.
 */
export class Bus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof BusEvents>(
    event: K,
    listener: (...args: BusEvents[K]) => void | Promise<void>,
  ): () => void {
    const safe = (...args: BusEvents[K]) => {
      try {
        Promise.resolve(listener(...args)).catch(report);
      } catch (err) {
        report(err);
      }
    };
    this.emitter.on(event, safe as (...args: unknown[]) => void);
    return () => this.emitter.off(event, safe as (...args: unknown[]) => void);
  }

  emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): void {
    this.emitter.emit(event, ...args);
  }
}

function report(err: unknown): void {
  process.stderr.write(`mcpshield up: event listener failed: ${(err as Error)?.stack ?? String(err)}\n`);
}
