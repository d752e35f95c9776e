import { Hono } from 'hono';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.js';
import { requireUser } from '../auth/require-user.js';
import type { Deps, Env } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';

const PatchMe = z
  .object({
    first_name: z.string().trim().min(1).max(100).optional(),
    last_name: z.string().trim().min(1).max(100).optional(),
  })
  .refine((b) => b.first_name !== undefined || b.last_name !== undefined, {
    message: 'give `first_name` or `last_name`',
  });
/** Deleting an account asks for its password again: a stolen access token alone cannot do it. */
const DeleteMe = z.object({ password: z.string().min(1).max(256) });

/** The signed-in user: read, rename, delete. */
export function meRoutes({ store, secret }: Deps) {
  async function me(userId: string) {
    const user = await store.users.get(userId);
    if (!user) throw new ApiError(401, 'unauthorized', 'the user of this token no longer exists');
    const [profile, orgs] = await Promise.all([store.users.profile(userId), store.organizationsOf(userId)]);
    return {
      id: user.id,
      email: user.email,
      email_verified: user.emailVerifiedAt !== null,
      first_name: profile?.firstName ?? '',
      last_name: profile?.lastName ?? '',
      created_at: user.createdAt.toISOString(),
      organizations: orgs.map(({ org, role }) => ({ id: org.id, name: org.name, role })),
    };
  }

  return new Hono<Env>()
    .use(requireUser(secret))
    .get('/', async (c) => c.json(await me(c.get('userId'))))
    .patch('/', async (c) => {
      const body = await readBody(c, PatchMe);
      // For a deleted user this changes nothing, and `me` answers 401.
      await store.users.updateProfile(c.get('userId'), {
        firstName: body.first_name,
        lastName: body.last_name,
      });
      return c.json(await me(c.get('userId')));
    })
    .delete('/', async (c) => {
      const body = await readBody(c, DeleteMe);
      const user = await store.users.get(c.get('userId'));
      if (!user) throw new ApiError(401, 'unauthorized', 'the user of this token no longer exists');
      if (!(await verifyPassword(user.passwordHash, body.password)))
        throw new ApiError(403, 'wrong_password', 'the password is not right');
      await store.deleteUser(user.id);
      return c.body(null, 204);
    });
}

const user = { auth: 'user', tag: 'account' } as const;
export const meDocs: RouteDoc[] = [
  {
    ...user,
    method: 'GET',
    path: '/me',
    summary: 'The signed-in user, their profile and organisations with roles',
    responses: { 200: 'the user', 401: 'no valid access token' },
  },
  {
    ...user,
    method: 'PATCH',
    path: '/me',
    summary: 'Change the first or last name',
    body: PatchMe,
    responses: { 200: 'the user', 422: 'invalid body' },
  },
  {
    ...user,
    method: 'DELETE',
    path: '/me',
    summary:
      'Delete the account (password required) with the organisations it is the only member of; refused while it is the only owner of one with other members',
    body: DeleteMe,
    responses: { 204: 'deleted', 403: 'wrong password', 409: 'hand ownership over first' },
  },
];
