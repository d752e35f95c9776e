import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { isUuid } from './ids.js';
import { apiKeysRepo, findApiKeyByHash, type ApiKey } from './repos/api-keys.js';
import { alertChannelsRepo } from './repos/alert-channels.js';
import { alertsRepo } from './repos/alerts.js';
import { auditRepo } from './repos/audit.js';
import { billingRepo } from './repos/billing.js';
import { inventoryRepo } from './repos/inventory.js';
import {
  createOrganization,
  organizationIds,
  organizationRepo,
  organizationsOf,
  type Organization,
} from './repos/organizations.js';
import { policiesRepo } from './repos/policies.js';
import { projectsRepo } from './repos/projects.js';
import { scansRepo } from './repos/scans.js';
import { summaryRepo } from './repos/summary.js';
import { usageRepo } from './repos/usage.js';
import { otpCodesRepo, type OtpCodesRepo } from './repos/otp-codes.js';
import { refreshTokensRepo, type RefreshTokensRepo } from './repos/refresh-tokens.js';
import { usersRepo, type NewUser, type User, type UsersRepo } from './repos/users.js';
import { memberships, organizations, users, type Role } from './schema/index.js';

/** Everything of one organisation. Each repository filters by the organisation it was made for. */
export type OrgRepos = {
  readonly orgId: string;
  organization: ReturnType<typeof organizationRepo>;
  projects: ReturnType<typeof projectsRepo>;
  policies: ReturnType<typeof policiesRepo>;
  apiKeys: ReturnType<typeof apiKeysRepo>;
  audit: ReturnType<typeof auditRepo>;
  usage: ReturnType<typeof usageRepo>;
  billing: ReturnType<typeof billingRepo>;
  inventory: ReturnType<typeof inventoryRepo>;
  alerts: ReturnType<typeof alertsRepo>;
  alertChannels: ReturnType<typeof alertChannelsRepo>;
  summary: ReturnType<typeof summaryRepo>;
  scans: ReturnType<typeof scansRepo>;
};

/**
 * The control plane's database. Tenant data is reached only through `forOrg(orgId)`, so no query can
 * forget the organisation; what precedes knowing the organisation (users, creating one, finding the key a
 * machine presents) sits on the store itself.
 */
export interface Store {
  readonly driver: 'pglite' | 'postgres';
  /** The database without tenant scope: for migrations and checks of the store itself, not for features. */
  readonly db: Db;
  users: UsersRepo;
  /** Users' one-time codes (email verification, password reset). */
  otpCodes: OtpCodesRepo;
  /** Users' refresh tokens, in rotating families. */
  refreshTokens: RefreshTokensRepo;
  createOrganization(input: { name: string; ownerId: string }): Promise<Organization>;
  /** Creates a user and an organisation they own, both or neither (a taken email is a `conflict`). */
  createUserWithOrganization(user: NewUser, orgName: string): Promise<{ user: User; org: Organization }>;
  organizationsOf(userId: string): Promise<{ org: Organization; role: Role }[]>;
  /** Every organisation's id: for housekeeping that visits each one through `forOrg` (retention). */
  organizationIds(): Promise<string[]>;
  /**
   * Deletes a user with the organisations they are the only member of (and all their data). Refused
   * (`conflict`) while the user is the only owner of an organisation that has other members: ownership
   * must be handed over first. Returns the ids of the organisations deleted.
   */
  deleteUser(userId: string): Promise<{ deletedOrganizations: string[] }>;
  findApiKeyByHash(keyHash: string): Promise<ApiKey | null>;
  forOrg(orgId: string): OrgRepos;
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  /** Applies pending migrations (already done by `openStore`); returns the tags applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export function createStore(
  driver: Store['driver'],
  db: Db,
  migrate: () => Promise<string[]>,
  close: () => Promise<void>,
): Store {
  return {
    driver,
    db,
    users: usersRepo(db),
    otpCodes: otpCodesRepo(db),
    refreshTokens: refreshTokensRepo(db),
    createOrganization: (input) => createOrganization(db, input),
    createUserWithOrganization: (input, orgName) =>
      db.transaction(async (tx) => {
        const user = await usersRepo(tx).create(input);
        const org = await createOrganization(tx, { name: orgName, ownerId: user.id });
        return { user, org };
      }),
    organizationsOf: (userId) => organizationsOf(db, userId),
    organizationIds: () => organizationIds(db),
    deleteUser: (userId) =>
      db.transaction(async (tx) => {
        const deleted: string[] = [];
        for (const { org, role } of await organizationsOf(tx, userId)) {
          const members = await tx.select().from(memberships).where(eq(memberships.orgId, org.id));
          if (members.length === 1) {
            await tx.delete(organizations).where(eq(organizations.id, org.id));
            deleted.push(org.id);
          } else if (role === 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
            throw new StoreError(
              'conflict',
              `you are the only owner of \`${org.name}\`, which has other members: make another member owner first`,
            );
          }
        }
        const gone = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
        if (gone.length === 0) throw new StoreError('not_found', `user \`${userId}\` not found`);
        return { deletedOrganizations: deleted };
      }),
    findApiKeyByHash: (keyHash) => findApiKeyByHash(db, keyHash),
    forOrg(orgId) {
      if (!isUuid(orgId)) throw new StoreError('invalid', `organisation id \`${orgId}\` is not a UUID`);
      return {
        orgId,
        organization: organizationRepo(db, orgId),
        projects: projectsRepo(db, orgId),
        policies: policiesRepo(db, orgId),
        apiKeys: apiKeysRepo(db, orgId),
        audit: auditRepo(db, orgId),
        usage: usageRepo(db, orgId),
        billing: billingRepo(db, orgId),
        inventory: inventoryRepo(db, orgId),
        alerts: alertsRepo(db, orgId),
        alertChannels: alertChannelsRepo(db, orgId),
        summary: summaryRepo(db, orgId),
        scans: scansRepo(db, orgId),
      };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    migrate,
    close,
  };
}
