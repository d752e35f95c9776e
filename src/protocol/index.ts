export * from './event.js';
export * from './jsonrpc.js';
export * from './json.js';
export * from './tool-definition.js';
