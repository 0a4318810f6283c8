import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HeraldError } from '../../core/errors.ts';
import { requireApiServer, type ApiServerAuthConfig } from '../kubernetes/api-server-auth.ts';
import { errorResponse, parseJsonBody, settleWithin } from '../kubernetes/webhook-http.ts';
import { consoleLogger, type SourceLogger } from '../source.ts';
import { knownIn, type KnownObject } from '../kubernetes/known-objects.ts';
import { recordChange, type KubeChange, type RecordDeps } from '../../app/record-kube-change.ts';
import { auditChange, AuditEventListSchema, AuditEventSchema } from './audit-event.ts';

/**
 * The audit webhook backend's receiver. The API server POSTs batches of audit
 * events; most are reads and are dropped at once, the few writes are recorded.
 * A store failure answers 503 so the API server retries the batch — the
 * `audit:<auditID>` dedup key makes the retry record nothing twice.
 */
export interface AuditAppOptions extends RecordDeps {
  logger?: SourceLogger;
  /** The API server's credentials (herald.yaml `kubernetes:`); without any, every request is refused with 401. */
  auth?: ApiServerAuthConfig | undefined;
  /** The cluster watch's copies of objects: the old state and labels an audit record lacks. */
  known?: KnownObject;
  /** Past this the batch is acknowledged and finishes recording in the background. */
  recordTimeoutMs?: number;
  /** A batch holds up to --audit-webhook-batch-max-size (400) events, some with request and response bodies. */
  maxBodyBytes?: number;
}

export interface AuditBatchResult { events: number; hints: number; duplicates: number; ignored: number; invalid: number }

export function createAuditApp(opts: AuditAppOptions): Hono {
  const logger = opts.logger ?? consoleLogger;
  const timeoutMs = opts.recordTimeoutMs ?? 10_000;
  const app = new Hono();
  app.post('/', requireApiServer(opts.auth), bodyLimit({
    maxSize: opts.maxBodyBytes ?? 64 * 1024 * 1024,
    onError: (c) => errorResponse(c, new HeraldError('PAYLOAD_TOO_LARGE', 'the audit EventList is too large')),
  }), async (c) => {
    const parsed = await parseJsonBody(c, AuditEventListSchema);
    if (!parsed.ok) return parsed.response;

    const result: AuditBatchResult = { events: 0, hints: 0, duplicates: 0, ignored: 0, invalid: 0 };
    const changes: KubeChange[] = [];
    const now = Date.now();
    const known = knownIn(opts.known, opts.cluster);
    for (const item of parsed.value.items ?? []) {
      const ev = AuditEventSchema.safeParse(item);
      if (!ev.success) { result.invalid += 1; continue; }
      let change: KubeChange | undefined;
      try {
        change = auditChange(ev.data, now, known);
      } catch (err) {
        logger.error({ err, auditID: ev.data.auditID }, 'audit: could not describe an event; skipped it');
        result.invalid += 1;
        continue;
      }
      if (change === undefined) result.ignored += 1;
      else changes.push(change);
    }
    if (result.invalid > 0) logger.warn({ invalid: result.invalid }, 'audit: skipped events that are not audit.k8s.io Events');

    const work = (async () => {
      for (const change of changes) {
        const outcome = await recordChange(opts, change);
        if (outcome === 'event') result.events += 1;
        else if (outcome === 'hint') result.hints += 1;
        else result.duplicates += 1;
      }
    })();
    try {
      if (await settleWithin(work, timeoutMs) === 'timeout') {
        work.catch((err: unknown) => logger.error({ err }, 'audit: recording a batch failed after it was acknowledged'));
        logger.warn({ changes: changes.length, timeoutMs }, 'audit: recording is slow; acknowledged before it finished');
      }
    } catch (err) {
      logger.error({ err }, 'audit: recording a batch failed; the API server will retry it');
      return errorResponse(c, new HeraldError('STORE_UNAVAILABLE', 'the audit events could not be recorded; retry', { cause: err }));
    }
    return c.json(result);
  });
  return app;
}
