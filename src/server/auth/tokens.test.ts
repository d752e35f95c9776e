import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashOtp, signAccessToken, verifyAccessToken } from './tokens.js';

const USER = '6be98bc6-f6a1-4fef-880f-222e19bfd570';

describe('access tokens', () => {
  const secret = randomBytes(32);

  it('name the user, and only for the secret that signed them', async () => {
    const token = await signAccessToken(secret, USER);
    expect(await verifyAccessToken(secret, token)).toBe(USER);
    expect(await verifyAccessToken(randomBytes(32), token)).toBeNull();
    expect(await verifyAccessToken(secret, token.slice(0, -2))).toBeNull();
  });

  it('are refused once expired, or from another issuer or algorithm', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER)
      .setIssuer('mcpshield')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    expect(await verifyAccessToken(secret, expired)).toBeNull();
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER)
      .setIssuer('elsewhere')
      .setExpirationTime('15m')
      .sign(secret);
    expect(await verifyAccessToken(secret, foreign)).toBeNull();
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: USER, iss: 'mcpshield', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url')}.`;
    expect(await verifyAccessToken(secret, unsigned)).toBeNull();
  });
});

describe('one-time code hashes', () => {
  it('depend on the secret and the user', () => {
    const a = randomBytes(32);
    expect(hashOtp(a, USER, '123456')).toBe(hashOtp(a, USER, '123456'));
    expect(hashOtp(a, USER, '123456')).not.toBe(hashOtp(randomBytes(32), USER, '123456'));
    expect(hashOtp(a, USER, '123456')).not.toBe(hashOtp(a, 'other', '123456'));
  });
});
