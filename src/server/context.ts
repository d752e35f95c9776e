import type { OrgRepos, Role, Store } from '../store/index.js';
import type { Alerting } from './alerts/index.js';
import type { AuditQueue } from './audit-queue.js';
import type { OtpService } from './auth/otp.js';
import type { Bus } from './bus.js';
import type { Closers } from './closers.js';
import type { KevCatalog } from './inventory/kev.js';
import type { Mailer } from './mail.js';
import type { PolicyCache } from './policy-cache.js';
import type { QuotaGate } from './quota.js';
import type { FailureLimiter } from './rate-limit.js';

/** What every route group is built from. */
export type Deps = {
  store: Store;
  mailer: Mailer;
  /** Signs access tokens and keys one-time-code hashes. */
  secret: Uint8Array;
  otp: OtpService;
  /** Failed logins per email and client address. */
  loginLimiter: FailureLimiter;
  /** In-process events: policy saved, decisions stored. */
  bus: Bus;
  /** CISA's Known Exploited Vulnerabilities catalog, read on first use. */
  kev: KevCatalog;
  /** The alert rules, raising into the store and delivering to the organisation's channels. */
  alerting: Alerting;
  /** Webhooks may reach loopback and private addresses. */
  webhookPrivateTargets: boolean;
  /** Run when the server closes, after it stops serving and before the store closes. */
  closers: Closers;
  /** Each project's live policy, compiled (`/v1/inspect`). */
  policies: PolicyCache;
  /** `/v1/inspect`'s decisions on their way to the audit trail. */
  auditQueue: AuditQueue;
  /** The plan's monthly event limit, checked before machines' events are taken. */
  quota: QuotaGate;
};

/** Values `requireUser` leaves on a request's context. */
export type Env = { Variables: { userId: string } };

/** Values `requireMember` leaves: the user, the organisation in scope, the user's role there. */
export type MemberEnv = { Variables: { userId: string; orgId: string; role: Role; org: OrgRepos } };

/** Values `requireKey` leaves: the organisation and project of the API key a machine presented. */
export type KeyEnv = { Variables: { keyId: string; orgId: string; projectId: string; org: OrgRepos } };
