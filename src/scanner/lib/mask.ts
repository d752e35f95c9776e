import { redactSecrets } from '../../detectors/secrets.js';

/** A value shown in a report: credentials replaced by `[REDACTED:kind]`, long values cut. */
export function shown(value: string, max = 160): string {
  const text = redactSecrets(value).text;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A credential-looking value shown by its shape only: first four characters and its length. */
export function masked(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}…(${value.length} chars)`;
}
