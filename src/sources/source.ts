import type { Ingest } from '../app/record-event.ts';

/**
 * A long-running source (a cluster watch) is started and stopped by the
 * composition root; HTTP sources (admission, audit, authz, inbound) are Hono
 * apps mounted by the API server instead. Both only ever call `ingest`.
 */
export interface Source {
  readonly name: string;
  start(ingest: Ingest): Promise<void>;
  stop(): Promise<void>;
}

/** The structural subset of pino sources log through. */
export interface SourceLogger {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const consoleLogger: SourceLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};
