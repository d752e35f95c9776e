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
