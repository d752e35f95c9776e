/** The control plane's store: schema, migrations, and organisation-scoped repositories. */
export { openStore, type StoreOptions } from './open.js';
export type { Store, OrgRepos } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { readMigrations, applyMigrations, MIGRATIONS_DIR, type Migration } from './migrate.js';
export { API_KEY_PREFIX, hashApiKey, type ApiKey } from './repos/api-keys.js';
export type { AuditEvent, AuditEventInput, AuditFilter, AuditPage } from './repos/audit.js';
export type { Organization, Membership } from './repos/organizations.js';
export type { PolicyVersion } from './repos/policies.js';
export type { Project } from './repos/projects.js';
export type { User, Profile } from './repos/users.js';
export { monthOf } from './repos/usage.js';
export { DEFAULT_PLAN, type Plan, type Subscription } from './repos/billing.js';
export type { Agent, McpServer, ReportedServer, ReportResult } from './repos/inventory.js';
export type { Alert, NewAlert } from './repos/alerts.js';
export type { ScanResult, NewScanResult } from './repos/scans.js';
export * as schema from './schema/index.js';
export type { Role, Environment, AuditDecision } from './schema/index.js';
