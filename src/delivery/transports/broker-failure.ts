import type { ReceiverAnswer } from '../../core/read-answer.ts';

/**
 * A broker or SMTP attempt that got no confirmation, as a ReceiverAnswer.
 * Only an SSRF refusal is permanent: a broker that is down, restarting or
 * refusing for a while is retried on the webhook's schedule, as HTTP is.
 */
export function brokerFailure(err: unknown): ReceiverAnswer {
  const e = err as (Error & { code?: string | number }) | undefined;
  if (e instanceof TimeoutError) return { ok: false, error: e.message, permanent: false, timedOut: true };
  const code = e?.code === undefined ? '' : `${String(e.code)}: `;
  return { ok: false, error: `${code}${e?.message ?? String(err)}`, permanent: e?.code === 'ESSRF' };
}

export class TimeoutError extends Error {}

/** Rejects with TimeoutError after `ms`; the webhook's timeout bounds a broker that never confirms. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no confirmation within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
