import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { literalPrivateTarget, publicOnlyLookup } from './webhook-target.js';

export const SIGNATURE_HEADER = 'X-MCPShield-Signature';
export const TIMESTAMP_HEADER = 'X-MCPShield-Timestamp';

/** A new webhook secret: `whsec_` and 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * `sha256=` and the hex HMAC-SHA256, keyed by the channel's secret, of `TIMESTAMP.BODY`: the timestamp
 * (Unix seconds, also sent in `X-MCPShield-Timestamp`) is signed with the body, so a receiver that refuses
 * old timestamps cannot be fed a captured delivery again.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Waits between attempts: the first try, then three more. */
export const RETRY_DELAYS_MS = [1000, 5000, 25000] as const;
const ATTEMPT_TIMEOUT_MS = 10_000;

export type WebhookOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/**
 * POSTs `body` to `url`, signed afresh on each attempt. Retries network failures, timeouts, 408, 429 and
 * 5xx; any other answer outside 2xx (a redirect included: deliveries never follow one) ends it.
 */
export async function postWebhook(
  url: string,
  secret: string,
  body: string,
  options: { delays?: readonly number[]; allowPrivate?: boolean } = {},
): Promise<WebhookOutcome> {
  const delays = options.delays ?? RETRY_DELAYS_MS;
  const target = new URL(url);
  if (!options.allowPrivate) {
    const refused = literalPrivateTarget(target.hostname);
    if (refused) return { ok: false, attempts: 0, error: `${refused}: private webhook targets are refused` };
  }
  let error = '';
  for (let attempt = 1; ; attempt++) {
    const timestamp = Math.floor(Date.now() / 1000);
    let retry = true;
    try {
      const status = await post(target, body, options.allowPrivate === true, {
        'content-type': 'application/json',
        'user-agent': 'mcpshield-webhook',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      });
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt };
      error = `answered ${status}`;
      retry = status >= 500 || status === 408 || status === 429;
    } catch (err) {
      error = (err as Error).message;
      retry = (err as NodeJS.ErrnoException).code !== 'EPRIVATE';
    }
    const wait = delays[attempt - 1];
    if (!retry || wait === undefined) return { ok: false, attempts: attempt, error };
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** One POST; resolves with the status (redirects are not followed), the answer's body thrown away. */
function post(
  url: URL,
  body: string,
  allowPrivate: boolean,
  headers: Record<string, string>,
): Promise<number> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: ATTEMPT_TIMEOUT_MS,
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer in ${ATTEMPT_TIMEOUT_MS / 1000} s`)));
    req.once('error', reject);
    req.end(body);
  });
}
