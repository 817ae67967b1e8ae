import { pino, type Logger } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines on stdout (journald keeps them); the secret never appears in a log line. */
export function createBridgeLogger(level: LogLevel, bridgeId?: string): Logger {
  return pino({
    name: 'pitwall-bridge',
    level,
    base: bridgeId ? { bridgeId } : {},
    redact: { paths: ['secret', '*.secret', 'password', '*.password'], censor: '[redacted]' },
  });
}
