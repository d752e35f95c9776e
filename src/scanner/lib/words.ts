/** The words of a tool or parameter name: `readFile`, `read_file`, `read-file` and `READ.FILE` give `read file`. */
export function nameWords(name: string): string[] {
  let spaced = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const prev = name[i - 1];
    if (prev && c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') spaced += ' ';
    spaced += c;
  }
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does any word of `name` belong to `set`? Returns the first such word. */
export function wordIn(name: string, set: ReadonlySet<string>): string | null {
  return nameWords(name).find((w) => set.has(w)) ?? null;
}
