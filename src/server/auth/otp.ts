import { randomInt, timingSafeEqual } from 'node:crypto';
import type { OtpPurpose, Store, User } from '../../store/index.js';
import { ApiError } from '../errors.js';
import type { Mailer } from '../mail.js';
import { hashOtp } from './tokens.js';

/** The rules of one-time codes. */
export const OTP = {
  ttlMs: 10 * 60 * 1000,
  maxAttempts: 5,
  maxRequests: 3,
  requestWindowMs: 5 * 60 * 1000,
} as const;

const SUBJECTS: Record<OtpPurpose, string> = {
  email_verification: 'Your MCPShield verification code',
  password_reset: 'Your MCPShield password reset code',
};

/** Issues and checks the 6-digit codes sent by email. */
export function otpService(store: Store, mailer: Mailer, secret: Uint8Array) {
  return {
    /**
     * Sends a new code, unless the user already had `maxRequests` in the window (429). A mail that cannot
     * be sent is a 502; the code stays stored (and counted), so asking again is the way out.
     */
    async send(user: User, purpose: OtpPurpose, now = new Date()): Promise<void> {
      const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
      const issued = await store.otpCodes.issue(
        {
          userId: user.id,
          purpose,
          codeHash: hashOtp(secret, user.id, code),
          expiresAt: new Date(now.getTime() + OTP.ttlMs),
        },
        { max: OTP.maxRequests, since: new Date(now.getTime() - OTP.requestWindowMs) },
      );
      if (!issued) {
        throw new ApiError(
          429,
          'too_many_requests',
          `at most ${OTP.maxRequests} codes per ${OTP.requestWindowMs / 60000} minutes`,
        );
      }
      try {
        await mailer.send({
          to: user.email,
          subject: SUBJECTS[purpose],
          text: `Your code is ${code}. It expires in ${OTP.ttlMs / 60000} minutes.\n`,
        });
      } catch (err) {
        process.stderr.write(`mcpshield up: cannot send mail: ${(err as Error).message}\n`);
        throw new ApiError(502, 'mail_failed', 'the email could not be sent: try again later');
      }
    },

    /**
     * Checks a code and spends it when right. A wrong guess answers 400; once `maxAttempts` guesses were
     * made the code is refused (429) even when right, and a new one must be requested.
     */
    async verify(user: User | null, purpose: OtpPurpose, code: string): Promise<void> {
      const invalid = new ApiError(400, 'invalid_code', 'the code is wrong or has expired');
      if (!user) throw invalid;
      const active = await store.otpCodes.active(user.id, purpose);
      if (!active) throw invalid;
      if (!(await store.otpCodes.countAttempt(active.id, OTP.maxAttempts))) {
        throw new ApiError(429, 'too_many_attempts', 'too many wrong codes: request a new one');
      }
      const expected = Buffer.from(active.codeHash, 'hex');
      const given = Buffer.from(hashOtp(secret, user.id, code), 'hex');
      if (!timingSafeEqual(expected, given) || !(await store.otpCodes.consume(active.id))) throw invalid;
    },
  };
}

export type OtpService = ReturnType<typeof otpService>;
