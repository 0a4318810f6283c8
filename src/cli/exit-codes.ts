import { isHeraldError, type ErrorCode } from '../core/errors.ts';

/**
 * What `herald` exits with (docs/cli.md): 0 done, 1 the operation failed
 * (Herald unreachable, a conflict, a failed test delivery, anything
 * unexpected), 2 a usage or configuration mistake the user can fix by
 * changing the command, 3 not found, forbidden or not signed in.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, denied: 3 } as const;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  CONFIG_INVALID: EXIT.usage,
  VALIDATION: EXIT.usage,
  UNKNOWN_PLATFORM: EXIT.usage,
  PAYLOAD_TOO_LARGE: EXIT.usage,
  NOT_FOUND: EXIT.denied,
  FORBIDDEN: EXIT.denied,
  UNAUTHENTICATED: EXIT.denied,
};

export function exitCodeFor(err: unknown): number {
  if (isHeraldError(err)) return BY_CODE[err.code] ?? EXIT.failed;
  // util.parseArgs: an unknown flag, a missing value.
  if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) return EXIT.usage;
  return EXIT.failed;
}
