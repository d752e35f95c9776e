import { createHmac, randomBytes } from 'node:crypto';

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
  delays: readonly number[] = RETRY_DELAYS_MS,
): Promise<WebhookOutcome> {
  let error = '';
  for (let attempt = 1; ; attempt++) {
    const timestamp = Math.floor(Date.now() / 1000);
    let retry = true;
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mcpshield-webhook',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, attempts: attempt };
      error = `answered ${res.status}`;
      retry = res.status >= 500 || res.status === 408 || res.status === 429;
    } catch (err) {
      error = (err as Error).message;
    }
    const wait = delays[attempt - 1];
    if (!retry || wait === undefined) return { ok: false, attempts: attempt, error };
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
