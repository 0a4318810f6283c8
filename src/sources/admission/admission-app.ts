import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HeraldError } from '../../core/errors.ts';
import { requireApiServer, type ApiServerAuthConfig } from '../kubernetes/api-server-auth.ts';
import { errorResponse, parseJsonBody, settleWithin } from '../kubernetes/webhook-http.ts';
import { consoleLogger, type SourceLogger } from '../source.ts';
import { knownIn, type KnownObject } from '../kubernetes/known-objects.ts';
import { recordChange, type KubeChange, type RecordDeps } from '../../app/record-kube-change.ts';
import { admissionChange, AdmissionReviewSchema, allowResponse, type AdmissionReview } from './admission-review.ts';

/**
 * The validating admission webhook. It only observes: every well-formed review
 * is answered allowed, even when recording fails, because Herald must never be
 * the reason a change to the cluster is refused.
 */
export interface AdmissionAppOptions extends RecordDeps {
  logger?: SourceLogger;
  /** The API server's credentials (herald.yaml `kubernetes:`); without any, every request is refused with 401. */
  auth?: ApiServerAuthConfig | undefined;
  /** How long the answer waits for the record; well under the webhook's timeoutSeconds (5 s). */
  recordTimeoutMs?: number;
  /** The cluster watch's copies of objects, for a /scale write's labels. */
  known?: KnownObject;
  /** object + oldObject of the largest objects etcd stores (~1.5 MiB each) fit. */
  maxBodyBytes?: number;
}

export function createAdmissionApp(opts: AdmissionAppOptions): Hono {
  const logger = opts.logger ?? consoleLogger;
  const timeoutMs = opts.recordTimeoutMs ?? 3000;
  const app = new Hono();
  app.post('/', requireApiServer(opts.auth), bodyLimit({
    maxSize: opts.maxBodyBytes ?? 8 * 1024 * 1024,
    onError: (c) => errorResponse(c, new HeraldError('PAYLOAD_TOO_LARGE', 'the AdmissionReview is too large')),
  }), async (c) => {
    const parsed = await parseJsonBody(c, AdmissionReviewSchema);
    if (!parsed.ok) return parsed.response;
    const review = parsed.value;
    // A dry run persists nothing, so there is nothing to report.
    const change = review.request.dryRun === true ? undefined : changeOf(review, knownIn(opts.known, opts.cluster), logger);
    if (change !== undefined) {
      const work = recordChange(opts, change).catch((err: unknown) => {
        logger.error({ err, uid: review.request.uid }, 'admission: recording the change failed; the request was still allowed');
        return 'failed' as const;
      });
      if (await settleWithin(work, timeoutMs) === 'timeout') {
        logger.warn({ uid: review.request.uid, timeoutMs }, 'admission: recording is slow; answered before it finished');
      }
    }
    return c.json(allowResponse(review));
  });
  return app;
}

/** Building the change must not cost the answer either: a review it cannot describe is still allowed. */
function changeOf(review: AdmissionReview, known: ReturnType<typeof knownIn>, logger: SourceLogger): KubeChange | undefined {
  try {
    return admissionChange(review.request, Date.now(), known);
  } catch (err) {
    logger.error({ err, uid: review.request.uid }, 'admission: could not describe the change; the request was still allowed');
    return undefined;
  }
}
