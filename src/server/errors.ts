import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StoreError } from '../store/index.js';

/** An error the API answers with `{"error": {"code", "message"}}` and its status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** More fields of the error object (`field`, `reason`, `retry_after`...). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const STORE_STATUS: Record<StoreError['code'], ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  invalid: 422,
  migration: 500,
  config: 500,
};

/** The error answer of the API; anything unexpected is a 500 whose details stay in the log. */
export function errorResponse(err: unknown, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json({ error: { code: err.code, message: err.message, ...err.extra } }, err.status);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json({ error: { code: 'bad_request', message: err.message || 'bad request' } }, err.status);
  }
  if (err instanceof StoreError && STORE_STATUS[err.code] < 500) {
    return c.json({ error: { code: err.code, message: err.message } }, STORE_STATUS[err.code]);
  }
  process.stderr.write(`mcpshield up: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}
