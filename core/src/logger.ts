import pino, { type Logger, type DestinationStream } from 'pino';

/** Secrets by the names they travel under, at the top level and one level down. */
const SECRET_KEYS = ['password', 'token', 'secret', 'clientSecret', 'cookieKeys', 'authorization', 'cookie'];

/** Structured JSON logs; credentials never reach them, whatever object is logged. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'skyportal', ...base },
    redact: {
      paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), 'req.headers.authorization', 'req.headers.cookie', 'database.url'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
