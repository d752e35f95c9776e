import type { RouteDoc } from './route-docs.js';
import { agentDocs } from './routes/agents.js';
import { alertDocs } from './routes/alerts.js';
import { auditDocs } from './routes/audits.js';
import { authDocs } from './routes/auth.js';
import { billingDocs } from './routes/billing.js';
import { dashboardDocs } from './routes/dashboard.js';
import { devDocs } from './routes/dev.js';
import { docsDocs } from './routes/docs.js';
import { eventDocs } from './routes/events.js';
import { gatewayPolicyDocs } from './routes/gateway-policy.js';
import { healthDocs } from './routes/health.js';
import { inspectDocs } from './routes/inspect.js';
import { memberDocs } from './routes/members.js';
import { meDocs } from './routes/me.js';
import { projectDocs } from './routes/projects.js';
import { serverDocs } from './routes/servers.js';
import { scanDocs } from './routes/scans.js';
import { usageDocs } from './routes/usage.js';

/** Every route's doc, in the order the reference shows them. */
export const ROUTE_DOCS: readonly RouteDoc[] = [
  ...healthDocs,
  ...docsDocs,
  ...authDocs,
  ...meDocs,
  ...memberDocs,
  ...projectDocs,
  ...agentDocs,
  ...serverDocs,
  ...alertDocs,
  ...dashboardDocs,
  ...gatewayPolicyDocs,
  ...scanDocs,
  ...inspectDocs,
  ...eventDocs,
  ...auditDocs,
  ...usageDocs,
  ...billingDocs,
  ...devDocs,
];
