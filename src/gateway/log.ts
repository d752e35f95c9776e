import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Structured logs, always on stderr: in stdio mode stdout belongs to the protocol. `MCPSHIELD_LOG_LEVEL`
 * (default `info`; `silent` for none).
 */
export function createLogger(name: string, level = process.env.MCPSHIELD_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}
