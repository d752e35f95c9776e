/**
 * `text.matchAll(re)` without its cost on short strings: `matchAll` builds a new RegExp from `re` on every
 * call (the spec's species constructor), which dominated detectors that try ten patterns per string.
 * `re` must be global; it is used in place, from `lastIndex` 0, and must not be iterated re-entrantly.
 */
export function* eachMatch(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') re.lastIndex++;
    yield m;
  }
}
