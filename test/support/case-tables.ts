import { cases as commandInjection } from '../../src/detectors/command-injection.cases.js';
import { cases as pathTraversal } from '../../src/detectors/path-traversal.cases.js';
import { cases as promptInjection } from '../../src/detectors/prompt-injection.cases.js';
import { cases as secrets } from '../../src/detectors/secrets.cases.js';
import { cases as sensitivePaths } from '../../src/detectors/sensitive-paths.cases.js';
import { cases as ssrf } from '../../src/detectors/ssrf.cases.js';
import { cases as toolPoisoning } from '../../src/detectors/tool-poisoning.cases.js';
import type { CaseTable } from '../../src/detectors/cases.js';

/** Every detector's case table, by detector id (for the generated docs). */
export const caseTables: Record<string, CaseTable> = {
  ssrf,
  path_traversal: pathTraversal,
  sensitive_paths: sensitivePaths,
  command_injection: commandInjection,
  prompt_injection: promptInjection,
  tool_poisoning: toolPoisoning,
  secrets,
};
