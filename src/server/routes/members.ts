import { Hono } from 'hono';
import { z } from 'zod';
import { requireMember, requireRole, roleAtLeast } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';
import { ROLES, type Membership, type OrgRepos, type Role } from '../../store/index.js';

const AddMember = z.object({ email: z.email().max(254), role: z.enum(ROLES).default('member') });
const SetRole = z.object({ role: z.enum(ROLES) });

/**
 * The organisation's members. Admins manage members and admins; only an owner grants or takes away the
 * owner role; the last owner can neither leave nor be demoted, so an organisation is never ownerless.
 */
export function memberRoutes(deps: Deps) {
  const { store } = deps;

  async function memberJson(m: Membership) {
    const [user, profile] = await Promise.all([store.users.get(m.userId), store.users.profile(m.userId)]);
    return {
      user_id: m.userId,
      email: user?.email ?? null,
      first_name: profile?.firstName ?? '',
      last_name: profile?.lastName ?? '',
      role: m.role,
      joined_at: m.createdAt.toISOString(),
    };
  }

  /** Refuses what would leave no owner, and owner changes by anyone but an owner. */
  async function checkChange(org: OrgRepos, actor: Role, userId: string, next: Role | null) {
    const current = await org.organization.roleOf(userId);
    if (!current) throw new ApiError(404, 'not_found', `member \`${userId}\` not found`);
    if ((current === 'owner' || next === 'owner') && actor !== 'owner')
      throw new ApiError(403, 'forbidden', 'only an owner can grant or take away the owner role');
    if (current === 'owner' && next !== 'owner') {
      const owners = (await org.organization.members()).filter((m) => m.role === 'owner');
      if (owners.length === 1)
        throw new ApiError(
          409,
          'last_owner',
          'the organization needs an owner: make another member owner first',
        );
    }
  }

  return new Hono<MemberEnv>()
    .use(requireMember(deps))
    .get('/', async (c) =>
      c.json({ items: await Promise.all((await c.get('org').organization.members()).map(memberJson)) }),
    )
    .post('/', requireRole('admin'), async (c) => {
      const body = await readBody(c, AddMember);
      if (body.role === 'owner' && c.get('role') !== 'owner')
        throw new ApiError(403, 'forbidden', 'only an owner can grant the owner role');
      // Members join by the email of an account they registered; the answer does not say more than that.
      const user = await store.users.findByEmail(body.email);
      if (!user || !user.emailVerifiedAt)
        throw new ApiError(
          404,
          'not_found',
          'no verified account with this email: ask them to register and verify their email first',
        );
      const added = await c.get('org').organization.addMember(user.id, body.role);
      return c.json(await memberJson(added), 201);
    })
    .patch('/:userId', requireRole('admin'), async (c) => {
      const { role } = await readBody(c, SetRole);
      const userId = c.req.param('userId');
      await checkChange(c.get('org'), c.get('role'), userId, role);
      await c.get('org').organization.setRole(userId, role);
      const member = (await c.get('org').organization.members()).find((m) => m.userId === userId)!;
      return c.json(await memberJson(member));
    })
    .delete('/:userId', async (c) => {
      const userId = c.req.param('userId');
      // Anyone may leave; removing someone else takes an admin.
      if (userId !== c.get('userId') && !roleAtLeast(c.get('role'), 'admin'))
        throw new ApiError(403, 'forbidden', 'this needs the admin role or stronger');
      await checkChange(c.get('org'), userId === c.get('userId') ? 'owner' : c.get('role'), userId, null);
      await c.get('org').organization.removeMember(userId);
      return c.body(null, 204);
    });
}

const user = { auth: 'user', tag: 'members' } as const;
export const memberDocs: RouteDoc[] = [
  {
    ...user,
    method: 'GET',
    path: '/members',
    summary: "The organization's members and roles",
    responses: { 200: '`{items}`' },
  },
  {
    ...user,
    method: 'POST',
    path: '/members',
    role: 'admin',
    summary: 'Add a registered, verified user by email (only an owner grants `owner`)',
    body: AddMember,
    responses: { 201: 'the member', 404: 'no verified account with this email', 409: 'already a member' },
  },
  {
    ...user,
    method: 'PATCH',
    path: '/members/:userId',
    role: 'admin',
    summary: "Change a member's role (the last owner cannot be demoted)",
    body: SetRole,
    responses: {
      200: 'the member',
      403: 'owner changes need an owner',
      404: 'no such member',
      409: 'last owner',
    },
  },
  {
    ...user,
    method: 'DELETE',
    path: '/members/:userId',
    summary: 'Remove a member (admin), or leave (yourself); the last owner cannot leave',
    responses: { 204: 'removed', 403: 'needs admin', 404: 'no such member', 409: 'last owner' },
  },
];
