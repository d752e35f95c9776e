import type { Check } from '../types.js';
import { check as auth001 } from './auth-001.js';
import { check as auth002 } from './auth-002.js';
import { check as auth003 } from './auth-003.js';
import { check as auth004 } from './auth-004.js';
import { check as auth005 } from './auth-005.js';
import { check as auth006 } from './auth-006.js';
import { check as auth007 } from './auth-007.js';
import { check as auth008 } from './auth-008.js';
import { check as auth009 } from './auth-009.js';
import { check as auth010 } from './auth-010.js';
import { check as auth011 } from './auth-011.js';
import { check as auth012 } from './auth-012.js';
import { check as authz001 } from './authz-001.js';
import { check as authz002 } from './authz-002.js';
import { check as authz003 } from './authz-003.js';
import { check as cfg001 } from './cfg-001.js';
import { check as cfg002 } from './cfg-002.js';
import { check as cfg003 } from './cfg-003.js';
import { check as cfg004 } from './cfg-004.js';
import { check as cfg005 } from './cfg-005.js';
import { check as cfg006 } from './cfg-006.js';
import { check as cfg007 } from './cfg-007.js';
import { check as cfg008 } from './cfg-008.js';
import { check as drift001 } from './drift-001.js';
import { check as drift002 } from './drift-002.js';
import { check as drift003 } from './drift-003.js';
import { check as flow001 } from './flow-001.js';
import { check as flow002 } from './flow-002.js';
import { check as sup001 } from './sup-001.js';
import { check as sup002 } from './sup-002.js';
import { check as sup003 } from './sup-003.js';
import { check as sup004 } from './sup-004.js';
import { check as tool001 } from './tool-001.js';
import { check as tool002 } from './tool-002.js';
import { check as tool003 } from './tool-003.js';
import { check as tool004 } from './tool-004.js';
import { check as tool005 } from './tool-005.js';
import { check as tool006 } from './tool-006.js';
import { check as tool007 } from './tool-007.js';
import { check as tool008 } from './tool-008.js';
import { check as tool009 } from './tool-009.js';
import { check as tool010 } from './tool-010.js';
import { check as tool011 } from './tool-011.js';
import { check as tool012 } from './tool-012.js';
import { check as tool013 } from './tool-013.js';
import { check as tool014 } from './tool-014.js';
import { check as tool015 } from './tool-015.js';
import { check as tool016 } from './tool-016.js';
import { check as tool017 } from './tool-017.js';
import { check as trn001 } from './trn-001.js';
import { check as trn002 } from './trn-002.js';
import { check as trn003 } from './trn-003.js';
import { check as trn004 } from './trn-004.js';
import { check as trn005 } from './trn-005.js';
import { check as trn006 } from './trn-006.js';
import { check as trn007 } from './trn-007.js';
import { check as trn008 } from './trn-008.js';
import { check as trn009 } from './trn-009.js';
import { check as trn010 } from './trn-010.js';

const all: readonly Check[] = [
  auth001,
  auth002,
  auth003,
  auth004,
  auth005,
  auth006,
  auth007,
  auth008,
  auth009,
  auth010,
  auth011,
  auth012,
  authz001,
  authz002,
  authz003,
  cfg001,
  cfg002,
  cfg003,
  cfg004,
  cfg005,
  cfg006,
  cfg007,
  cfg008,
  drift001,
  drift002,
  drift003,
  flow001,
  flow002,
  sup001,
  sup002,
  sup003,
  sup004,
  tool001,
  tool002,
  tool003,
  tool004,
  tool005,
  tool006,
  tool007,
  tool008,
  tool009,
  tool010,
  tool011,
  tool012,
  tool013,
  tool014,
  tool015,
  tool016,
  tool017,
  trn001,
  trn002,
  trn003,
  trn004,
  trn005,
  trn006,
  trn007,
  trn008,
  trn009,
  trn010,
];

/** Every check, keyed by finding id; a duplicate id fails at load. */
export const checks: Readonly<Record<string, Check>> = (() => {
  const out: Record<string, Check> = {};
  for (const c of all) {
    if (out[c.meta.id]) throw new Error(`duplicate check id \`${c.meta.id}\``);
    out[c.meta.id] = c;
  }
  return Object.freeze(out);
})();

export const checkIds = Object.keys(checks);
