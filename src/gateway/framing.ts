/**
 * Newline-delimited JSON-RPC framing (the MCP stdio transport): one message per line, UTF-8. Lines are
 * cut from raw bytes, so a multi-byte character split across chunks is never garbled, and a line longer
 * than `maxBytes` is skipped up to its end and reported once, without holding it in memory.
 */
export type LineSink = {
  line(text: string): void;
  oversize(bytes: number): void;
};

export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  /** Bytes of an oversize line skipped so far; -1 when not skipping. */
  private skipped = -1;

  constructor(
    private readonly sink: LineSink,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      this.take(chunk.subarray(from, nl), true);
      from = nl + 1;
    }
    if (from < chunk.length) this.take(chunk.subarray(from), false);
  }

  /** Whatever is left when the stream ends counts as a last line. */
  end(): void {
    if (this.size > 0 || this.skipped >= 0) this.take(Buffer.alloc(0), true);
  }

  private take(piece: Buffer, complete: boolean): void {
    if (this.skipped >= 0) {
      this.skipped += piece.length;
    } else if (this.size + piece.length > this.maxBytes) {
      this.skipped = this.size + piece.length;
      this.parts = [];
      this.size = 0;
    } else if (piece.length > 0) {
      this.parts.push(piece);
      this.size += piece.length;
    }
    if (!complete) return;
    if (this.skipped >= 0) {
      this.sink.oversize(this.skipped);
      this.skipped = -1;
      return;
    }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim().length > 0) this.sink.line(text);
  }
}
