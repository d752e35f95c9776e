import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { stringifyJson } from '../protocol/json.js';
import { LineDecoder } from './framing.js';

/**
 * One side of the gateway, as lines of JSON: the client (our stdin and stdout) or the upstream server (a
 * child's pipes). A channel only frames: what a line means is the session's business. `send` returns
 * false when the peer is not draining (back-pressure), like a stream's `write`.
 */
export interface Channel {
  send(message: unknown): boolean;
  /** One complete line, not yet parsed. */
  onLine?: (text: string) => void;
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  close(): void;
  /** Resolves when the peer has read what was sent (immediately when nothing is pending). */
  drained(): Promise<void>;
}

/**
 * Where a channel's lines go: to `onLine` once someone listens, held until then (a server started early,
 * while the gateway loads, may speak before the session attaches).
 */
export abstract class HeldLines {
  private lineHandler?: (text: string) => void;
  private early: string[] = [];

  get onLine(): ((text: string) => void) | undefined {
    return this.lineHandler;
  }

  set onLine(handler: ((text: string) => void) | undefined) {
    this.lineHandler = handler;
    if (handler) for (const line of this.early.splice(0)) handler(line);
  }

  protected emit(line: string): void {
    if (this.lineHandler) this.lineHandler(line);
    else this.early.push(line);
  }
}

/** A channel over a readable and a writable stream of newline-delimited JSON. */
export class StreamChannel extends HeldLines implements Channel {
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    maxBytes: number,
  ) {
    super();
    const decoder = new LineDecoder(
      {
        line: (t) => this.emit(t),
        oversize: (n) => this.onOversize?.(n),
      },
      maxBytes,
    );
    input.on('data', (chunk: Buffer) => decoder.push(chunk));
    input.on('end', () => {
      decoder.end();
      this.finish('end of input');
    });
    input.on('error', (e) => this.finish(`input error: ${e.message}`));
    output.on('error', (e) => this.finish(`output error: ${e.message}`));
  }

  /**
   * Lines sent in one turn of the event loop leave in one write: under load a chunk read from one side
   * holds many messages, and one system call per message would cost more than judging them.
   */
  send(message: unknown): boolean {
    if (this.closed) return false;
    this.batch += `${stringifyJson(message)}\n`;
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(this.flush);
    }
    return !this.output.writableNeedDrain;
  }

  private batch = '';
  private flushing = false;
  private readonly flush = () => {
    this.flushing = false;
    const text = this.batch;
    this.batch = '';
    if (text && !this.output.destroyed) this.output.write(text);
  };

  drained(): Promise<void> {
    if (this.flushing) this.flush();
    if (this.closed || !this.output.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.output.off('drain', done);
        this.output.off('close', done);
        resolve();
      };
      this.output.on('drain', done);
      this.output.on('close', done);
    });
  }

  close(): void {
    if (this.flushing) this.flush();
    this.finish('closed');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.(reason);
  }
}

/** The channel to a spawned stdio server; closing it ends the child's stdin, then stops it. */
export class ChildChannel extends StreamChannel {
  constructor(
    readonly child: ChildProcess,
    maxBytes: number,
  ) {
    super(child.stdout!, child.stdin!, maxBytes);
  }

  override close(): void {
    super.close();
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 2000);
    timer.unref();
    this.child.once('exit', () => clearTimeout(timer));
  }
}
