/** The control plane: the HTTP API of `mcpshield up`. */
export { createApp, type AppOptions } from './app.js';
export { startServer, DEFAULT_PORT, type ServerOptions, type RunningServer } from './start.js';
