/** Why a store call failed: a missing row, a clash with an existing row, bad input, or a broken migration. */
export type StoreErrorCode = 'not_found' | 'conflict' | 'invalid' | 'migration' | 'config';

/** A local error of the store; the server maps `code` to an HTTP status. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The PostgreSQL error code (`23505` unique violation, `23503` foreign key...) of a driver error, if any. */
export function pgCode(err: unknown): string | undefined {
  for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.length === 5) return code;
  }
  return undefined;
}
