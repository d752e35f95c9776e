/** MCPShield's public API: the engine (compile + decide), the detectors, and the protocol types. */
export * from './policy/index.js';
export { detectors, detectorIds, type DetectorId } from './detectors/index.js';
export type { Detector, DetectorMeta, Finding, Severity, Action } from './detectors/types.js';
export * from './protocol/index.js';
