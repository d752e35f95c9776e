/**
 * The canonical form of a tool definition: what the model reads of a tool (name, title, description, input
 * and output schema, annotations) as JSON with sorted keys. Tool pinning hashes it (gateway) and the
 * scanner compares against saved pins with the same text, so both agree on what "changed" means.
 */

/** The fields of a tool that pinning covers, in a fixed order. */
export const PINNED_FIELDS = [
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
] as const;

/** JSON with object keys sorted at every level: the same definition always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The pinned fields of a tool, nothing else (`_meta` and unknown fields are not what the model reads). */
export function toolDefinition(tool: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of PINNED_FIELDS) if (tool[f] !== undefined) out[f] = tool[f];
  return out;
}
