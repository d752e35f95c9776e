import { Hono } from 'hono';
import { z } from 'zod';
import { monthOf } from '../../store/index.js';
import { requireMember } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { nextMonthStart } from '../quota.js';
import type { RouteDoc } from '../route-docs.js';
import { readQuery } from '../validate.js';
import { planJson } from './billing.js';

const DAY_MS = 86_400_000;

const MonthlyQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as `YYYY-MM`')
    .optional(),
});
const SummaryQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

/** This month's counters against the plan's limits, and the trail's decisions per day. */
export function usageRoutes(deps: Deps) {
  return new Hono<MemberEnv>()
    .use(requireMember(deps))
    .get('/monthly', async (c) => {
      const { month = monthOf(new Date()) } = readQuery(c, MonthlyQuery);
      const org = c.get('org');
      const [plan, counters, projects] = await Promise.all([
        org.billing.plan(),
        org.usage.month(month),
        org.projects.count(),
      ]);
      const [year, mm] = month.split('-').map(Number) as [number, number];
      return c.json({
        month,
        usage: { events: 0, inspect_calls: 0, ...counters, projects },
        plan: planJson(plan),
        resets_at: nextMonthStart(new Date(Date.UTC(year, mm - 1, 1))).toISOString(),
      });
    })
    .get('/summary', async (c) => {
      const { days } = readQuery(c, SummaryQuery);
      const now = new Date();
      const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
      const from = new Date(to.getTime() - days * DAY_MS);
      const counted = new Map((await c.get('org').audit.dailyDecisions({ from, to })).map((d) => [d.day, d]));
      const items = Array.from({ length: days }, (_, i) => {
        const date = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
        const { allowed = 0, denied = 0 } = counted.get(date) ?? {};
        return { date, allowed, denied, total: allowed + denied };
      });
      return c.json({ days, from: from.toISOString(), to: to.toISOString(), items });
    });
}

export const usageDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/usage/monthly',
    summary:
      "A month's counters (`events`, `inspect_calls`, projects) and the plan's limits; default this month",
    auth: 'user',
    tag: 'usage',
    query: MonthlyQuery,
    responses: { 200: '`{month, usage, plan, resets_at}`', 422: '`month` is not `YYYY-MM`' },
  },
  {
    method: 'GET',
    path: '/usage/summary',
    summary: 'Allowed and denied events per UTC day for the last `days` days (default 30), today last',
    auth: 'user',
    tag: 'usage',
    query: SummaryQuery,
    responses: { 200: '`{days, from, to, items: [{date, allowed, denied, total}]}`', 422: 'bad `days`' },
  },
];
