import { createMiddleware } from 'hono/factory';
import { ROLES, type Role } from '../../store/index.js';
import type { Deps, MemberEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { bearerUserId } from './require-user.js';

/** The header that picks one of the user's organisations; without it, the first one they joined. */
export const ORG_HEADER = 'x-organization-id';

/**
 * Lets a request through only with a valid access token of a member of the organisation in scope; sets
 * `userId`, `orgId`, `role` and `org` (the organisation's repositories, the only way routes reach its
 * data). An organisation the user does not belong to answers 404, as if it did not exist.
 */
export function requireMember({ store, secret }: Pick<Deps, 'store' | 'secret'>) {
  return createMiddleware<MemberEnv>(async (c, next) => {
    const userId = await bearerUserId(c, secret);
    const memberships = await store.organizationsOf(userId);
    const wanted = c.req.header(ORG_HEADER);
    const chosen = wanted ? memberships.find((m) => m.org.id === wanted) : memberships[0];
    if (!chosen) {
      if (wanted) throw new ApiError(404, 'not_found', `organization \`${wanted}\` not found`);
      throw new ApiError(403, 'forbidden', 'this user belongs to no organization');
    }
    c.set('userId', userId);
    c.set('orgId', chosen.org.id);
    c.set('role', chosen.role);
    c.set('org', store.forOrg(chosen.org.id));
    await next();
  });
}

/** True when `role` is `least` or stronger (owner > admin > member > viewer). */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(least);
}

/** Refuses (403) members weaker than `least`; use after `requireMember`. */
export function requireRole(least: Role) {
  return createMiddleware<MemberEnv>(async (c, next) => {
    if (!roleAtLeast(c.get('role'), least))
      throw new ApiError(403, 'forbidden', `this needs the ${least} role or stronger`);
    await next();
  });
}
