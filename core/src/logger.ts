import pino, { type Logger } from 'pino';

/** Structured JSON logs; credentials never reach them, whatever object is logged. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'skyportal', ...base },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'secret',
        '*.secret',
        'clientSecret',
        '*.clientSecret',
        'cookieKeys',
        '*.cookieKeys',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'headers.cookie',
        'req.headers.authorization',
        'req.headers.cookie',
        'database.url',
      ],
      censor: '[redacted]',
    },
  });
}
