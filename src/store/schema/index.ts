/** The control plane's tables, one file per group; `drizzle-kit generate` reads this module. */
export * from './organizations.js';
export * from './accounts.js';
export * from './projects.js';
export * from './audit.js';
export * from './inventory.js';
export * from './billing.js';
export * from './sessions.js';
