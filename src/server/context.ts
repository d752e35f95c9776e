import type { Store } from '../store/index.js';
import type { OtpService } from './auth/otp.js';
import type { Mailer } from './mail.js';
import type { RateLimiter } from './rate-limit.js';

/** What every route group is built from. */
export type Deps = {
  store: Store;
  mailer: Mailer;
  /** Signs access tokens and keys one-time-code hashes. */
  secret: Uint8Array;
  otp: OtpService;
  /** Failed logins per email and client address. */
  loginLimiter: RateLimiter;
};

/** Values the middleware leaves on a request's context. */
export type Env = { Variables: { userId: string } };
