import { z } from 'zod';

/**
 * The policy language, version 1: the single source of the TypeScript types, the published JSON Schema
 * (`mcpshield policy schema`) and the reference in docs/policy.md. Field names marked fixed in
 * shared/design/POLICY.md keep their names and meaning.
 */

const nonEmpty = z.string().min(1);
const stringOrList = z.union([nonEmpty, z.array(nonEmpty).min(1)]);

export const actionSchema = z
  .enum(['deny', 'redact', 'log', 'off'])
  .describe(
    'deny: the message is refused; redact: the offending text is rewritten; log: findings only; off: not run',
  );

export const detectorSettingSchema = z.union([
  actionSchema,
  z
    .looseObject({ action: actionSchema.optional() })
    .describe("`{ action, ...options }`: the action plus the detector's own options (see docs/detectors.md)"),
]);

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const argMatcherSchema = z
  .strictObject({
    required: z.boolean().optional().describe('the argument must be present'),
    equals: scalar.optional().describe('the value must equal this'),
    one_of: z.array(scalar).min(1).optional().describe('the value must be one of these'),
    match: stringOrList.optional().describe('the string value must match one of these globs (`*`, `?`)'),
    not_match: stringOrList.optional().describe('the string value must match none of these globs'),
    contains: stringOrList
      .optional()
      .describe('the string value must contain one of these (case-insensitive)'),
    not_contains: stringOrList
      .optional()
      .describe('the string value must contain none of these (case-insensitive)'),
    max_length: z.number().int().nonnegative().optional().describe('longest string, or most items of a list'),
  })
  .describe('conditions on one argument; an absent argument passes every matcher but `required`');

const ratePeriods = ['second', 'minute', 'hour', 'day'] as const;
export const rateLimitSchema = z.union([
  z
    .string()
    .regex(
      /^\d{1,9}\/(?:second|minute|hour|day)$/,
      'write a rate as `N/second`, `N/minute`, `N/hour` or `N/day`',
    ),
  z.strictObject({
    requests: z.number().int().positive(),
    per: z.enum(ratePeriods),
    by: z.enum(['client', 'server', 'tool', 'global']).optional().describe('whose bucket (default: client)'),
  }),
]);

export const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an id is 1-64 letters, digits, `_`, `.` or `-`')
      .optional()
      .describe('a label shown in explanations and audit records'),
    description: z.string().optional(),
    server: nonEmpty.default('*').describe("glob on the server's name (fixed)"),
    tool: nonEmpty.default('*').describe("glob on the tool's name (fixed)"),
    decision: z
      .enum(['allow', 'deny', 'approve'])
      .describe('allow | deny (fixed); approve asks a person first and is denied where nobody can be asked'),
    conditions: z
      .strictObject({
        path_prefix: stringOrList
          .optional()
          .describe('every filesystem path in the arguments must lie inside one of these (fixed)'),
        allowed_domains: stringOrList
          .optional()
          .describe('every URL or host in the arguments must name one of these (fixed)'),
      })
      .optional()
      .describe('all conditions must hold for the rule to match (fixed)'),
    args: z
      .record(nonEmpty, argMatcherSchema)
      .optional()
      .describe('matchers by argument name; `*` applies to every string value at any depth'),
    rate_limit: rateLimitSchema.optional().describe('declared here, enforced by the gateway'),
    message: z.string().max(200).optional().describe('the text a denied client sees (default: generic)'),
  })
  .describe('applies to tools/call requests; the first matching rule decides (fixed)');

export const sessionRuleSchema = z
  .strictObject({
    id: z.string().optional(),
    description: z.string().optional(),
    after: z
      .strictObject({
        server: nonEmpty.default('*'),
        tool: nonEmpty.default('*'),
        detector: nonEmpty.optional().describe('only calls on which this detector reported a finding'),
      })
      .describe('once a call like this happened in the session...'),
    deny: z
      .strictObject({ server: nonEmpty.default('*'), tool: nonEmpty })
      .describe('...calls like this are denied for the rest of the session'),
  })
  .describe('session rules ("lethal trifecta"): the gateway keeps the session history');

export const sandboxSchema = z
  .strictObject({
    network: z
      .boolean()
      .default(false)
      .describe('may the server reach the network (default: no network at all, loopback included)'),
    writable: z
      .array(nonEmpty)
      .default([])
      .describe('paths the server may write (`~/` is the home directory); everything else is read-only'),
    memory: z
      .string()
      .regex(/^\d{1,6}[kmg]$/i, 'a size such as `512m` or `2g`')
      .default('512m')
      .describe('docker: memory limit'),
    pids: z.number().int().min(16).max(65536).default(256).describe('docker: process limit'),
  })
  .describe(
    'how `mcpshield proxy --sandbox bwrap|docker` confines a stdio server (nothing without --sandbox)',
  );

export const policySchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('policy language version (fixed)'),
    name: z.string().optional(),
    description: z.string().optional(),
    default: z
      .enum(['allow', 'deny'])
      .default('deny')
      .describe('the decision for a tools/call that no rule decides (fixed)'),
    detectors: z
      .record(nonEmpty, detectorSettingSchema)
      .default({})
      .describe(
        'detector id -> action or { action, ...options } (fixed); missing detectors use their default',
      ),
    rules: z.array(ruleSchema).default([]).describe('evaluated top to bottom (fixed)'),
    sessions: z.array(sessionRuleSchema).default([]),
    sandbox: sandboxSchema.prefault({}),
  })
  .describe('MCPShield policy, version 1');

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type Rule = z.output<typeof ruleSchema>;
export type ArgMatcher = z.output<typeof argMatcherSchema>;
export type SessionRule = z.output<typeof sessionRuleSchema>;
export type RateLimit = z.output<typeof rateLimitSchema>;
export type SandboxSettings = z.output<typeof sandboxSchema>;
export type DetectorSetting = z.output<typeof detectorSettingSchema>;
export type ActionName = z.output<typeof actionSchema>;

/** The JSON Schema of the policy language, for editors (`# yaml-language-server: $schema=...`). */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: 'https://mcpshield.dev/schemas/policy-v1.json',
    title: 'MCPShield policy',
    ...schema,
  };
}
