/**
 * The plainest arguments a tool's input schema accepts, for `scan --exercise`: required properties only; a
 * string is `test`, a number its `minimum` (else 0), a boolean `false`, an enum its first value. Null when
 * the schema asks for more than that (objects, arrays, patterns, formats, bounds these values miss): the
 * scanner does not call a tool it cannot satisfy.
 */
export function sampleArguments(schema: unknown): Record<string, unknown> | null {
  if (schema === undefined) return {};
  if (!isObject(schema) || (schema.type !== undefined && schema.type !== 'object')) return null;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const out: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== 'string') return null;
    const value = sampleValue(properties[name]);
    if (value === undefined) return null;
    out[name] = value;
  }
  return out;
}

/** A value for one property, or undefined when none of the plain values fits. */
function sampleValue(schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === 'boolean') return false;
  if (schema.type === 'string') return sampleString(schema);
  if (schema.type === 'number' || schema.type === 'integer') return sampleNumber(schema);
  return undefined;
}

function sampleString(schema: Record<string, unknown>): string | undefined {
  const value = 'test';
  if (schema.pattern !== undefined || schema.format !== undefined) return undefined;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) return undefined;
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return undefined;
  return value;
}

function sampleNumber(schema: Record<string, unknown>): number | undefined {
  const value = typeof schema.minimum === 'number' ? schema.minimum : 0;
  const fits =
    (schema.type !== 'integer' || Number.isInteger(value)) &&
    !(typeof schema.maximum === 'number' && value > schema.maximum) &&
    !(typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) &&
    !(typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) &&
    !(typeof schema.multipleOf === 'number' && value % schema.multipleOf !== 0);
  return fits ? value : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
