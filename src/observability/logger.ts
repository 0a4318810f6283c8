import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Where a credential could sit in anything Herald logs: request headers, an
 * error's options, a webhook or account record. pino replaces them before the
 * line is written, so a careless `logger.error({ err, req })` still leaks nothing.
 * Each `*` is one level (fast-redact), hence the nested variants.
 */
export const REDACTED_PATHS = [
  'authorization', 'cookie', 'token', 'password', 'passwordHash', 'secret', 'secretKey', 'apiKey',
  '*.authorization', '*.cookie', '*.token', '*.password', '*.passwordHash', '*.secret', '*.secretKey', '*.apiKey',
  '*.secretHeaders', '*.previousSecrets', '*.auth.password', '*.auth.token',
  'headers.authorization', 'headers.cookie', 'headers["x-api-key"]',
  '*.headers.authorization', '*.headers.cookie', '*.headers["x-api-key"]', '*.headers["set-cookie"]',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
];

/** Herald's log: JSON lines on stdout with ISO timestamps (`"time":"2026-12-01T10:52:35.123Z"`), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'herald' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }, destination);
}
