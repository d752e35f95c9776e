import { Hono } from 'hono';
import { z } from 'zod';
import type { Plan, Subscription } from '../../store/index.js';
import { requireMember, requireRole } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';

export const PLAN_IDS = ['free', 'pro', 'enterprise'] as const;

const Subscribe = z.object({ plan: z.enum(PLAN_IDS) });

/** A plan and its limits (`null`: unlimited). */
export const planJson = (p: Plan) => ({
  id: p.id,
  name: p.name,
  monthly_events: p.monthlyEvents,
  max_projects: p.maxProjects,
  retention_days: p.retentionDays,
  price_cents: p.priceCents,
});

/** The plan in force, with the subscription behind it (none: the free plan, never subscribed). */
const subscriptionJson = (plan: Plan, s: Subscription | null) => ({
  plan: planJson(plan),
  status: s?.status ?? 'active',
  subscribed_plan: s?.planId ?? null,
  current_period_start: s?.currentPeriodStart.toISOString() ?? null,
  current_period_end: s?.currentPeriodEnd?.toISOString() ?? null,
});

/** The organisation's plan; the owner switches it (there is no payment step). */
export function billingRoutes(deps: Deps) {
  return new Hono<MemberEnv>()
    .use(requireMember(deps))
    .get('/subscription', async (c) => {
      const org = c.get('org');
      const [plan, subscription] = await Promise.all([org.billing.plan(), org.billing.subscription()]);
      return c.json(subscriptionJson(plan, subscription));
    })
    .post('/subscribe', requireRole('owner'), async (c) => {
      const body = await readBody(c, Subscribe);
      const org = c.get('org');
      const subscription = await org.billing.subscribe(body.plan);
      deps.quota.forget(org.orgId);
      return c.json(subscriptionJson(await org.billing.plan(), subscription));
    });
}

export const billingDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/billing/subscription',
    summary: "The organisation's plan, its limits and the subscription behind it",
    auth: 'user',
    tag: 'billing',
    responses: { 200: '`{plan, status, subscribed_plan, current_period_start, current_period_end}`' },
  },
  {
    method: 'POST',
    path: '/billing/subscribe',
    summary: 'Switch the organisation to a plan (no payment step)',
    auth: 'user',
    role: 'owner',
    tag: 'billing',
    body: Subscribe,
    responses: {
      200: 'the subscription, as `GET /billing/subscription`',
      403: 'not the owner',
      422: 'an unknown plan',
    },
  },
];
