/**
 * Iterative walk over a JSON value: visits every string (and, on request, every key), at any depth,
 * without recursion so that 10,000-deep nesting cannot overflow the stack.
 */
/** Return `true` to stop the walk early. */
export type StringVisit = (value: string, path: string, key: string | undefined) => boolean | void;

type Frame = { value: unknown; path: string; key: string | undefined };

export function walkStrings(
  root: unknown,
  rootPath: string,
  visit: StringVisit,
  opts: { keys?: boolean } = {},
): void {
  const stack: Frame[] = [{ value: root, path: rootPath, key: undefined }];
  while (stack.length > 0) {
    const { value, path, key } = stack.pop()!;
    if (typeof value === 'string') {
      if (visit(value, path, key) === true) return;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]`, key });
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (opts.keys && visit(k, `${path}{key}`, k) === true) return;
        stack.push({ value: (value as Record<string, unknown>)[k], path: propertyPath(path, k), key: k });
      }
    }
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

export function propertyPath(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Rebuild a JSON value with every string passed through `map`. Objects are rebuilt with
 * `Object.fromEntries`, so `__proto__` and `constructor` keys stay plain data. Unchanged subtrees are
 * returned as they are (no copy when nothing changed).
 */
export function mapStrings(
  root: unknown,
  map: (value: string, path: string, key: string | undefined) => string,
  rootPath = 'result',
): unknown {
  // Iterative post-order rebuild. `key` is the property name of a value (undefined for array items).
  type Node = {
    value: unknown;
    path: string;
    key: string | undefined;
    children?: unknown[];
    keys?: string[];
    i: number;
    out: unknown[];
  };
  const top: Node = { value: root, path: rootPath, key: undefined, i: 0, out: [] };
  const stack: Node[] = [top];
  let last: unknown = root;
  const finish = (n: Node): unknown => {
    const v = n.value;
    if (Array.isArray(v)) {
      let changed = false;
      for (let i = 0; i < v.length; i++) if (n.out[i] !== v[i]) changed = true;
      return changed ? n.out : v;
    }
    const keys = n.keys!;
    let changed = false;
    for (let i = 0; i < keys.length; i++)
      if (n.out[i] !== (v as Record<string, unknown>)[keys[i]!]) changed = true;
    return changed ? Object.fromEntries(keys.map((k, i) => [k, n.out[i]])) : v;
  };
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    const v = n.value;
    if (typeof v === 'string') {
      last = map(v, n.path, n.key);
      stack.pop();
    } else if (v === null || typeof v !== 'object') {
      last = v;
      stack.pop();
    } else {
      if (!n.children) {
        if (Array.isArray(v)) n.children = v;
        else {
          n.keys = Object.keys(v);
          n.children = n.keys.map((k) => (v as Record<string, unknown>)[k]);
        }
      } else {
        n.out.push(last);
      }
      if (n.i < n.children.length) {
        const idx = n.i++;
        const childPath = n.keys ? propertyPath(n.path, n.keys[idx]!) : `${n.path}[${idx}]`;
        stack.push({ value: n.children[idx], path: childPath, key: n.keys?.[idx], i: 0, out: [] });
      } else {
        last = finish(n);
        stack.pop();
      }
    }
  }
  return last;
}
