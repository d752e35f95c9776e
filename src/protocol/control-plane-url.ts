/** `s` without the slashes at its end (a loop: `/\/+$/` is quadratic on a long run of slashes). */
function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return s.slice(0, end);
}

/**
 * The control plane's base URL as the API paths hang off it: the URL a user gave without trailing slashes
 * and without a trailing `/api` (`http://h:8080/`, `http://h:8080/api` and `http://h:8080` are one
 * control plane). Callers add `/api/...`.
 */
export function controlPlaneBase(url: string): string {
  const trimmed = withoutTrailingSlashes(url);
  return trimmed.endsWith('/api') ? withoutTrailingSlashes(trimmed.slice(0, -4)) : trimmed;
}
