import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, time } from './columns.js';
import { users } from './accounts.js';

/** What a one-time code proves. */
export const OTP_PURPOSES = ['email_verification', 'password_reset'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

/**
 * A one-time code sent by email. Only a keyed hash of the code is kept; `attempts` counts wrong guesses,
 * and a code is spent once `consumed_at` is set. The rows also count how many codes were asked for lately.
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: OTP_PURPOSES }).notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: time('expires_at').notNull(),
    consumedAt: time('consumed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('otp_codes_user_idx').on(t.userId, t.purpose, t.createdAt),
    check('otp_codes_purpose_check', sql`${t.purpose} in ('email_verification', 'password_reset')`),
  ],
);

/**
 * A refresh token, kept as its SHA-256. Each login starts a family; each refresh spends one token
 * (`used_at`) and adds the next to the family. Presenting a spent token revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: time('expires_at').notNull(),
    usedAt: time('used_at'),
    revokedAt: time('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);
