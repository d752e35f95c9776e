export { compile, type CompileOptions, type CompileResult } from './compile.js';
export {
  decide,
  evaluate,
  detectorsFor,
  type Decision,
  type DecideOptions,
  type DecisionFinding,
  type TraceStep,
} from './decide.js';
export { contractShape } from './contract.js';
export { PolicyError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
export { policySchema, policyJsonSchema, type Policy, type PolicyInput } from './schema.js';
export { convertSimpleFormat } from './convert.js';
export type { PolicyIR } from './ir.js';
export { toolAllowed } from './visibility.js';
