export * from './event.js';
export * from './jsonrpc.js';
export * from './json.js';
