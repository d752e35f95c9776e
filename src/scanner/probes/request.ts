import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpAnswer } from '../snapshot.js';

const MAX_BODY = 64 * 1024;

/**
 * One HTTP exchange with full control of the headers (including `Host`), reading at most 64 KiB of the body:
 * an MCP server may answer with an event stream that never ends, so the probe stops at the first event or
 * the size limit. Resolves null when the connection fails or times out.
 */
export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer | null> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: HttpAnswer | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(answer);
    };
    const req = request(u, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      let body = '';
      const eventStream = (headers['content-type'] ?? '').includes('text/event-stream');
      const answer = () => ({ status: res.statusCode ?? 0, headers, body });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length >= MAX_BODY || (eventStream && body.includes('\n\n'))) {
          body = body.slice(0, MAX_BODY);
          finish(answer());
        }
      });
      res.on('end', () => finish(answer()));
      res.on('error', () => finish(answer()));
    });
    const timer = setTimeout(() => finish(null), opts.timeoutMs);
    req.on('error', () => finish(null));
    req.end(opts.body);
  });
}

/** The body as JSON, or the JSON of the first `data:` line of an event stream; null when neither. */
export function jsonOf(answer: HttpAnswer | null): unknown {
  if (!answer) return null;
  const text = answer.body.trim();
  try {
    if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text) as unknown;
    const line = text.split('\n').find((l) => l.startsWith('data:'));
    return line ? (JSON.parse(line.slice(5)) as unknown) : null;
  } catch {
    return null;
  }
}

export const ok = (a: HttpAnswer | null): boolean => a !== null && a.status >= 200 && a.status < 300;
