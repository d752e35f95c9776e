/** One server-sent event. */
export type SseEvent = { event: string; data: string; id?: string };

/**
 * The events of a `text/event-stream` body, as the WHATWG spec reads them: `event`, `data` (joined by
 * newlines), `id`; comments (heartbeats) and other fields are skipped. `onBytes` is told of every chunk,
 * comments included, so a reader can tell a quiet stream from a dead one.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  onBytes: () => void = () => undefined,
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    onBytes();
    buffer += decoder.decode(chunk, { stream: true });
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === '') {
        if (data.length) yield { event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) };
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
  }
}
