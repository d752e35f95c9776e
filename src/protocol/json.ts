/**
 * JSON.stringify, but safe for values nested deeper than V8's recursive serializer allows
 * (JSON.parse accepts 100,000 levels; JSON.stringify overflows the stack near 10,000). The fast native
 * path is tried first; the iterative one only runs when it overflows.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifyIterative(value);
  }
}

type Frame =
  | { kind: 'array'; items: unknown[]; i: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

function stringifyIterative(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out.push(scalar(v));
    } else if (Array.isArray(v)) {
      out.push('[');
      stack.push({ kind: 'array', items: v, i: 0 });
    } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      out.push(JSON.stringify(v) ?? 'null');
    } else {
      out.push('{');
      stack.push({
        kind: 'object',
        obj: v as Record<string, unknown>,
        keys: Object.keys(v),
        i: 0,
        wrote: false,
      });
    }
  };
  open(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.kind === 'array') {
      if (f.i >= f.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (f.i > 0) out.push(',');
      const item = f.items[f.i++];
      open(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item);
    } else {
      if (f.i >= f.keys.length) {
        out.push('}');
        stack.pop();
        continue;
      }
      const key = f.keys[f.i++]!;
      const item = f.obj[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (f.wrote) out.push(',');
      f.wrote = true;
      out.push(JSON.stringify(key), ':');
      open(item);
    }
  }
  return out.join('');
}

function scalar(v: unknown): string {
  if (typeof v === 'bigint') throw new TypeError('cannot serialize a BigInt');
  return JSON.stringify(v) ?? 'null';
}

/**
 * Does JSON text nest objects and arrays deeper than `max`? A linear scan that jumps over strings with
 * `indexOf`, so that text-heavy messages cost little. Meant for text that parses: on malformed text the
 * answer is approximate.
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: find the closing quote that no backslash escapes.
      for (let j = text.indexOf('"', i + 1); ; j = text.indexOf('"', j + 1)) {
        if (j < 0) return false;
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) {
          i = j;
          break;
        }
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
