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
  return checked(schema, body, '(body)');
}

/** The query string checked against `schema` (values are strings; use `z.coerce` for numbers); 422 as bodies. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return checked(schema, c.req.query(), '(query)');
}

/**
 * `value` parsed by `schema`, or a 422 naming the first field at fault (its path joined with dots after
 * `prefix`, or `whole` when the value itself is at fault) and why, with every problem under `details`.
 */
export function checked<S extends z.ZodType>(
  schema: S,
  value: unknown,
  whole: string,
  prefix: (string | number)[] = [],
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join('.') || whole,
    reason: issue.message,
  }));
  const first = details[0]!;
  throw new ApiError(422, 'validation_failed', `${first.field}: ${first.reason}`, {
    field: first.field,
    reason: first.reason,
    details,
  });
}
