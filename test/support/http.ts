import { request, type Agent } from 'node:http';

export type RawAnswer = { status: number; body: string; type: string; session: string | undefined };

/**
 * One raw HTTP request to an MCP endpoint on loopback, headers as given (Host, Origin, Accept and the
 * session header can be anything), with a JSON body by default.
 */
export function rawRequest(
  url: string,
  o: { headers?: Record<string, string>; body?: string; method?: string; path?: string; agent?: Agent },
): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: u.port,
        path: o.path ?? u.pathname,
        method: o.method ?? 'POST',
        agent: o.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...o.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            type: String(res.headers['content-type'] ?? ''),
            session: res.headers['mcp-session-id'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
