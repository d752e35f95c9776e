import { classifySecretName, fieldSecret, findSecrets } from '../../detectors/lib/secret-patterns.js';
import type { RawServer } from '../types.js';

/**
 * Hardcoded secrets in a server's env values, arguments and header values, as descriptions that name
 * where and what kind (`env \`DB_URL\`: password in connection string`), never the value.
 */
export function hardcodedSecrets(server: RawServer): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(server.env)) {
    const kinds = secretKinds(name, value);
    if (kinds) out.push(`env \`${name}\` holds a ${kinds}`);
  }
  for (const [name, value] of Object.entries(server.headers)) {
    const kinds = secretKinds(name, value) ?? kindsIn(`${name}: ${value}`);
    if (kinds) out.push(`header \`${name}\` holds a ${kinds}`);
  }
  server.args.forEach((arg, i) => {
    const flag = server.args[i - 1];
    const named = flag?.startsWith('-') ? secretKinds(flag.replace(/^-+/, ''), arg) : undefined;
    const kinds = named ?? kindsIn(arg);
    if (kinds) out.push(`argument ${i + 1} holds a ${kinds}`);
  });
  return out;
}

/** Kinds of secret in a value stored under `name`, or undefined. */
function secretKinds(name: string, value: string): string | undefined {
  if (!value) return undefined;
  const found = kindsIn(value);
  if (found) return found;
  const hit = classifySecretName(name) ? fieldSecret(name, value) : null;
  return hit ? hit.kind.replace(/_/g, ' ') : undefined;
}

function kindsIn(text: string): string | undefined {
  const kinds = [...new Set(findSecrets(text).map((m) => m.kind.replace(/_/g, ' ')))];
  return kinds.length ? kinds.join(', ') : undefined;
}
