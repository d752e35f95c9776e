import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.js';

/**
 * The request's JSON body checked against `schema`. Not JSON: 400. Not the shape: 422 naming the first
 * field at fault and why, with every problem under `details`.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    reason: issue.message,
  }));
  const first = details[0]!;
  throw new ApiError(422, 'validation_failed', `${first.field}: ${first.reason}`, {
    field: first.field,
    reason: first.reason,
    details,
  });
}
