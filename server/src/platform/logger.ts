import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'pitwall'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.secret', '*.token'],
      censor: '[redacted]',
    },
  });
}
