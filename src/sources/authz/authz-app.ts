import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HeraldError } from '../../core/errors.ts';
import type { Ingest } from '../../app/record-event.ts';
import { requireApiServer, type ApiServerAuthConfig } from '../kubernetes/api-server-auth.ts';
import { errorResponse, parseJsonBody, settleWithin } from '../kubernetes/webhook-http.ts';
import { consoleLogger, type SourceLogger } from '../source.ts';
import { kindForResource } from '../kubernetes/resources.ts';
import { denyingRule, parseAuthzConfig, type AccessRequest, type AuthzConfigInput, type AuthzGuardRule } from './authz-rules.ts';
import { accessRequest, sarResponse, SubjectAccessReviewSchema } from './subject-access-review.ts';

/**
 * The authorization webhook. It never allows anything: it either denies a
 * request a guard rule forbids, or has no opinion and lets RBAC decide. Each
 * deny becomes a `deny` event. It sits in the path of every API request, so
 * no-opinion answers touch nothing but memory.
 */
export interface AuthzAppOptions {
  ingest: Ingest;
  cluster: string;
  /** Guard rules; validated here, so a bad config fails at start-up with the field named. */
  config?: AuthzConfigInput;
  logger?: SourceLogger;
  /** The API server's credentials (herald.yaml `kubernetes:`); without any, every request is refused with 401. */
  auth?: ApiServerAuthConfig | undefined;
  /** How long a deny answer waits for its event to be recorded. */
  recordTimeoutMs?: number;
}

export function createAuthzApp(opts: AuthzAppOptions): Hono {
  const rules = parseAuthzConfig(opts.config).rules;
  const logger = opts.logger ?? consoleLogger;
  const timeoutMs = opts.recordTimeoutMs ?? 2000;
  const app = new Hono();
  app.post('/', requireApiServer(opts.auth), bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) => errorResponse(c, new HeraldError('PAYLOAD_TOO_LARGE', 'the SubjectAccessReview is too large')),
  }), async (c) => {
    const parsed = await parseJsonBody(c, SubjectAccessReviewSchema);
    if (!parsed.ok) return parsed.response;
    const sar = parsed.value;
    const req = accessRequest(sar);
    const rule = req === undefined ? undefined : denyingRule(rules, req);
    if (req === undefined || rule === undefined) return c.json(sarResponse(sar, { allowed: false }));

    // The decision stands whether or not its event is recorded.
    const work = recordDeny(opts, req, rule).catch((err: unknown) => {
      logger.error({ err, user: req.user }, 'authz: recording a deny event failed; the request was still denied');
    });
    if (await settleWithin(work, timeoutMs) === 'timeout') {
      logger.warn({ timeoutMs }, 'authz: recording is slow; answered before it finished');
    }
    return c.json(sarResponse(sar, { allowed: false, denied: true, reason: rule.reason }));
  });
  return app;
}

async function recordDeny(opts: AuthzAppOptions, req: AccessRequest, rule: AuthzGuardRule): Promise<void> {
  await opts.ingest.ingest({
    event: 'deny',
    cluster: opts.cluster,
    namespace: req.namespace,
    resource: kindForResource(req.resource, req.apiGroup),
    name: req.name,
    actor: req.user,
    summary: rule.reason,
    source: 'authz',
    data: {
      verb: req.verb,
      apiGroup: req.apiGroup,
      resource: req.resource,
      ...(req.subresource === '' ? {} : { subResource: req.subresource }),
      groups: [...req.groups],
    },
  });
}
