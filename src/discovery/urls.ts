import { classifySecretName } from '../detectors/lib/secret-patterns.js';

/** Query parameters that carry credentials but that no secret-name rule catches on their own. */
const CREDENTIAL_PARAMS = new Set(['key', 'sig', 'signature', 'code', 'pat', 'jwt', 'apikey', 'api-key']);

/** Is this query parameter a credential (`token`, `api_key`, `access_token`, `key`, `sig`)? */
export function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAMS.has(name.toLowerCase()) || classifySecretName(name) !== undefined;
}

export type UrlCredentials = { userinfo: boolean; params: string[] };

/** Credentials written into a URL: a user-info part (`https://user:pass@` or `https://TOKEN@`), query params. */
export function urlCredentials(url: string): UrlCredentials | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const params = [
    ...new Set([...parsed.searchParams].filter(([k, v]) => v && isCredentialParam(k)).map(([k]) => k)),
  ];
  const userinfo = parsed.password !== '' || (parsed.username !== '' && parsed.protocol.startsWith('http'));
  return userinfo || params.length ? { userinfo, params } : null;
}

/**
 * The URL with its credentials replaced by `[REDACTED]`, the rest as written: the user-info password (or
 * a user name that stands alone over HTTP, `https://TOKEN@host`) and the values of credential parameters.
 */
export function maskUrl(url: string): string {
  const creds = urlCredentials(url);
  if (!creds) return url;
  let out = url;
  const scheme = out.indexOf('://');
  if (creds.userinfo && scheme > 0) {
    const start = scheme + 3;
    const at = out.indexOf('@', start);
    const end = firstOf(out, start, '/?#');
    if (at !== -1 && at < end) {
      const info = out.slice(start, at);
      const colon = info.indexOf(':');
      const masked = colon === -1 ? '[REDACTED]' : `${info.slice(0, colon)}:[REDACTED]`;
      out = out.slice(0, start) + masked + out.slice(at);
    }
  }
  const q = out.indexOf('?');
  if (q === -1 || creds.params.length === 0) return out;
  const hash = out.indexOf('#', q);
  const end = hash === -1 ? out.length : hash;
  const query = out
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = safeDecode(pair.slice(0, eq));
      return creds.params.includes(name) ? `${pair.slice(0, eq)}=[REDACTED]` : pair;
    })
    .join('&');
  return `${out.slice(0, q + 1)}${query}${out.slice(end)}`;
}

function firstOf(s: string, from: number, chars: string): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
