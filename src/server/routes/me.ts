import { Hono } from 'hono';
import { requireUser } from '../auth/require-user.js';
import type { Deps, Env } from '../context.js';
import { ApiError } from '../errors.js';

/** The signed-in user, their profile and organisations. */
export function meRoutes({ store, secret }: Deps) {
  return new Hono<Env>().use(requireUser(secret)).get('/', async (c) => {
    const userId = c.get('userId');
    const user = await store.users.get(userId);
    if (!user) throw new ApiError(401, 'unauthorized', 'the user of this token no longer exists');
    const [profile, orgs] = await Promise.all([store.users.profile(userId), store.organizationsOf(userId)]);
    return c.json({
      id: user.id,
      email: user.email,
      email_verified: user.emailVerifiedAt !== null,
      first_name: profile?.firstName ?? '',
      last_name: profile?.lastName ?? '',
      created_at: user.createdAt.toISOString(),
      organizations: orgs.map(({ org, role }) => ({ id: org.id, name: org.name, role })),
    });
  });
}
