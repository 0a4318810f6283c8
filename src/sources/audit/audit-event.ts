import { z } from 'zod';
import type { FieldChange } from '../../core/event.ts';
import { classifyObjects, diffObjects, ignoreMatcher, typeOfUpdate } from '../../core/kube-diff.ts';
import { kindForResource } from '../kubernetes/resources.ts';
import type { KnownInCluster } from '../kubernetes/known-objects.ts';
import { labelsOf, pick, pickString } from '../kubernetes/object-fields.ts';
import { type ChangeType, type KubeChange } from '../../app/record-kube-change.ts';

/**
 * audit.k8s.io Event and EventList (v1; v1beta1 and v1alpha1 have the same
 * fields Herald reads), and which audit events are changes worth reporting.
 */

export const AUDIT_API_VERSIONS = ['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1'] as const;

/** Items are checked one by one (AuditEventSchema): one odd event must not cost the batch. */
export const AuditEventListSchema = z.object({
  apiVersion: z.enum(AUDIT_API_VERSIONS),
  kind: z.literal('EventList'),
  items: z.array(z.unknown()).max(100_000).nullish(),
});

const UserInfo = z.object({ username: z.string().nullish() });

export const AuditEventSchema = z.object({
  auditID: z.string().min(1),
  stage: z.string(),
  verb: z.string(),
  user: UserInfo,
  impersonatedUser: UserInfo.nullish(),
  requestURI: z.string().nullish(),
  userAgent: z.string().nullish(),
  objectRef: z.object({
    resource: z.string().nullish(),
    namespace: z.string().nullish(),
    name: z.string().nullish(),
    apiGroup: z.string().nullish(),
    apiVersion: z.string().nullish(),
    subresource: z.string().nullish(),
  }).nullish(),
  responseStatus: z.object({ code: z.number().int().nullish() }).nullish(),
  requestObject: z.unknown().optional(),
  responseObject: z.unknown().optional(),
  requestReceivedTimestamp: z.string().nullish(),
  stageTimestamp: z.string().nullish(),
  timestamp: z.string().nullish(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

function changeType(verb: string, subresource: string): ChangeType | undefined {
  if (subresource === 'scale') return verb === 'update' || verb === 'patch' ? 'scale' : undefined;
  // Other subresources (status, eviction, token…) are controller traffic, not people changing objects.
  if (subresource !== '') return undefined;
  switch (verb) {
    case 'create': return 'create';
    case 'update': case 'patch': return 'update';
    case 'delete': return 'delete';
    default: return undefined;
  }
}

/**
 * The change an audit event records, or undefined: only a completed (stage
 * ResponseComplete), successful (2xx), non-dry-run write is a change.
 *
 * An audit event holds no old object. When the watch holds the object's last
 * state, the stored object (responseObject) is compared with it by
 * core/kube-diff.ts as the watch would; otherwise a PATCH body (requestObject)
 * gives the changed fields with their new values, and a PUT gives none.
 */
export function auditChange(ev: AuditEvent, now: number, known: KnownInCluster = () => undefined): KubeChange | undefined {
  if (ev.stage !== 'ResponseComplete') return undefined;
  const code = ev.responseStatus?.code;
  if (typeof code !== 'number' || code < 200 || code > 299) return undefined;
  const ref = ev.objectRef;
  if (ref?.resource == null || ref.resource === '') return undefined;
  const operation = changeType(ev.verb, ref.subresource ?? '');
  if (operation === undefined) return undefined;
  if (/[?&]dryRun=/.test(ev.requestURI ?? '')) return undefined;

  // v1alpha1 events carry no apiGroup, only apiVersion "group/version".
  const group = ref.apiGroup ?? (ref.apiVersion?.includes('/') === true ? ref.apiVersion.split('/')[0]! : '');
  const kind = kindForResource(ref.resource, group);
  const namespace = nonEmpty(ref.namespace) ?? '';
  const name = nonEmpty(ref.name) ?? pickString(ev.responseObject, 'metadata', 'name')
    ?? pickString(ev.requestObject, 'metadata', 'name') ?? '';
  const before = known(kind, namespace, name);
  const after = fullObject(ev.responseObject) ?? (ev.verb === 'update' ? fullObject(ev.requestObject) : undefined);

  let type = operation;
  let changes: FieldChange[] = [];
  if (operation === 'scale') {
    changes = replicasChange(ev, before);
  } else if (operation === 'update') {
    if (before !== undefined && after !== undefined) {
      const classified = classifyObjects(before, after);
      if (classified === null) return undefined; // nothing that matters changed
      changes = classified.changes;
    } else if (ev.verb === 'patch' && isRecord(ev.requestObject)) {
      changes = diffObjects({}, ev.requestObject, ignoreMatcher(), { patch: true });
    }
    type = typeOfUpdate(changes);
  }
  // The impersonated user is whom the change was made as; keep the real one for the record.
  const impersonated = nonEmpty(ev.impersonatedUser?.username);
  const actor = impersonated ?? ev.user.username ?? '';
  const stamp = Date.parse(ev.stageTimestamp ?? ev.requestReceivedTimestamp ?? ev.timestamp ?? '');
  // A Scale (and a DELETE's Status answer) carries no labels of its own: the object's, when the watch holds it.
  const subject = operation === 'scale' ? undefined : after ?? fullObject(ev.requestObject);
  return {
    type,
    kind,
    namespace,
    name,
    actor,
    at: Number.isNaN(stamp) ? now : stamp,
    source: 'audit',
    dedupKey: `audit:${ev.auditID}`,
    changes,
    labels: labelsOf(subject !== undefined && pick(subject, 'kind') !== 'Status' ? subject : before),
    data: {
      auditID: ev.auditID,
      verb: ev.verb,
      resource: ref.resource,
      ...(ref.subresource == null || ref.subresource === '' ? {} : { subResource: ref.subresource }),
      ...(impersonated === undefined ? {} : { authenticatedUser: ev.user.username ?? '' }),
      ...(ev.userAgent == null ? {} : { userAgent: ev.userAgent }),
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A whole object (it has metadata), not a patch or a Status. */
function fullObject(v: unknown): Record<string, unknown> | undefined {
  return isRecord(v) && isRecord(v.metadata) && v.kind !== 'Status' ? v : undefined;
}

/**
 * At Request level the body of a scale (a Scale, or a merge patch such as
 * kubectl scale sends) holds the new replica count; the old one is the
 * watch's, when it holds the object.
 */
function replicasChange(ev: AuditEvent, before: unknown): FieldChange[] {
  const replicas = pick(ev.requestObject, 'spec', 'replicas') ?? pick(ev.responseObject, 'spec', 'replicas');
  if (typeof replicas !== 'number') return [];
  const old = pick(before, 'spec', 'replicas');
  return [{ field: 'spec.replicas', ...(old === undefined ? {} : { old }), new: replicas }];
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s === null || s === undefined || s === '' ? undefined : s;
}
