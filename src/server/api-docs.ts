import type { RouteDoc } from './route-docs.js';
import { agentDocs } from './routes/agents.js';
import { alertDocs } from './routes/alerts.js';
import { authDocs } from './routes/auth.js';
import { dashboardDocs } from './routes/dashboard.js';
import { devDocs } from './routes/dev.js';
import { docsDocs } from './routes/docs.js';
import { gatewayPolicyDocs } from './routes/gateway-policy.js';
import { healthDocs } from './routes/health.js';
import { memberDocs } from './routes/members.js';
import { meDocs } from './routes/me.js';
import { projectDocs } from './routes/projects.js';
import { serverDocs } from './routes/servers.js';
import { scanDocs } from './routes/scans.js';

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
  ...devDocs,
];
