/** A parsed release number: numeric parts and an optional pre-release tag (which sorts before the release). */
export type Version = { parts: number[]; pre: string | null };

const VERSION =
  /^v?(\d+(?:\.\d+){0,3})(?:[-.]?((?:a|b|rc|alpha|beta|pre|dev|next|canary)[.\w-]*))?(?:\+[\w.-]+)?$/i;

/** Parses `1.2.3`, `v1.2`, `2025.7.1`, `1.0.0-beta.2`, `0.6.0rc1`; null when it is not a plain release number. */
export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return { parts: m[1]!.split('.').map(Number), pre: m[2] ?? null };
}

/** Negative, zero or positive as `a` is lower than, equal to or higher than `b`. */
export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return a.pre.localeCompare(b.pre, 'en', { numeric: true });
}
