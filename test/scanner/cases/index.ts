import type { CheckCases } from '../builders.js';
import { auth } from './auth.js';
import { authorization } from './authorization.js';
import { configuration } from './configuration.js';
import { drift } from './drift.js';
import { flows } from './flows.js';
import { supplyChain } from './supply-chain.js';
import { tools } from './tools.js';
import { transport } from './transport.js';

/** Every check's must-find and must-not-find fixtures, keyed by finding id. */
export const cases: Record<string, CheckCases> = {
  ...auth,
  ...transport,
  ...authorization,
  ...tools,
  ...configuration,
  ...supplyChain,
  ...flows,
  ...drift,
};
