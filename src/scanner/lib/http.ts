import { classifyHost } from '../../detectors/lib/url.js';
import type { HttpAnswer } from '../snapshot.js';

export const accepted = (a: HttpAnswer | null | undefined): boolean =>
  !!a && a.status >= 200 && a.status < 300;

/** Is this URL's host this machine (loopback)? False for URLs that do not parse. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return classifyHost(new URL(url).hostname)?.kind === 'loopback';
  } catch {
    return false;
  }
}

/** The kind of a non-public host (`loopback`, `private`, `link-local`, `cloud-metadata`...), null when public. */
export function hostKind(url: string): string | null {
  try {
    return classifyHost(new URL(url).hostname)?.kind ?? null;
  } catch {
    return null;
  }
}

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
