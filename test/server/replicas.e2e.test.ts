import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { call, signUp } from './support/api.js';

const REDIS_URL = process.env.MCPSHIELD_TEST_REDIS_URL;

// Two replicas of `mcpshield up` on one PostgreSQL and one Redis (CI sets both).
describe.skipIf(!TEST_DATABASE_URL || !REDIS_URL)('two replicas sharing PostgreSQL and Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let a: RunningServer;
  let b: RunningServer;
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    db = await freshDatabase(TEST_DATABASE_URL!);
    const env = {
      MCPSHIELD_DATABASE_URL: db.url,
      MCPSHIELD_REDIS_URL: REDIS_URL,
      MCPSHIELD_JWT_SECRET: secret,
    };
    a = await startServer({ port: 0, memory: true, env });
    b = await startServer({ port: 0, memory: true, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('counts failed logins across replicas, and a token of one works on the other', async () => {
    // the dev mailbox is per process: sign up on `a`, which mailed the code
    const ada = await signUp(a.url);
    for (let i = 0; i < 5; i++) {
      const failed = await call(i % 2 ? a.url : b.url, 'POST', '/api/auth/login', {
        email: ada.email,
        password: 'wrong-password-123',
      });
      expect(failed.status).toBe(401);
    }
    const locked = await call(b.url, 'POST', '/api/auth/login', { email: ada.email, password: ada.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const me = await call(b.url, 'GET', '/api/me', undefined, { authorization: `Bearer ${ada.token}` });
    expect(me.body.email).toBe(ada.email);
  });
});
