import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of the library (a const enum, which this build cannot import). */
const ARGON2ID = 2;

/** Argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// Verified when the email is unknown, so an unknown email takes as long as a wrong password.
const DUMMY = hashPassword('not a password of anyone');

/** Whether `password` matches `passwordHash`; a missing hash never matches but costs the same time. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await DUMMY, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
