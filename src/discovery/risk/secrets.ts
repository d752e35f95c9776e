import { createHash } from 'node:crypto';
import {
  classifySecretName,
  fieldSecret,
  findSecrets,
  type SecretMatch,
} from '../../detectors/lib/secret-patterns.js';
import type { RawServer } from '../types.js';

/**
 * Hardcoded secrets in a server's env values, arguments and header values, as descriptions that name
 * where and what kind (`env \`DB_URL\` holds a password in connection string (sha256 1f2e3d4c5b6a)`),
 * never the value. The fingerprint (the first 12 hex digits of the secret's SHA-256) lets an inventory
 * tell that the same credential sits on several machines, or is still there after a rotation, without the
 * credential leaving the machine. Passwords get none: a short one could be confirmed by guessing.
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

/** Kinds of secret in a value stored under `name`, with their fingerprints, or undefined. */
function secretKinds(name: string, value: string): string | undefined {
  if (!value) return undefined;
  const found = kindsIn(value);
  if (found) return found;
  const hit = classifySecretName(name) ? fieldSecret(name, value) : null;
  return hit ? describe(value, [hit]) : undefined;
}

function kindsIn(text: string): string | undefined {
  const found = findSecrets(text);
  return found.length ? describe(text, found) : undefined;
}

function describe(text: string, found: SecretMatch[]): string {
  const kinds = [...new Set(found.map((m) => m.kind.replace(/_/g, ' ')))];
  // A password may be short enough to guess: its hash would let a guess be confirmed offline.
  const printable = found.filter((m) => m.kind !== 'password');
  const prints = [...new Set(printable.map((m) => fingerprint(text.slice(m.start, m.end))))];
  return prints.length ? `${kinds.join(', ')} (sha256 ${prints.join(', ')})` : kinds.join(', ');
}

const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);
