import { z } from 'zod';
import type { FieldChange } from '../../core/event.ts';
import { classifyObjects } from '../../core/kube-diff.ts';
import { kindForResource } from '../kubernetes/resources.ts';
import type { KnownInCluster } from '../kubernetes/known-objects.ts';
import { labelsOf, pick, pickString } from '../kubernetes/object-fields.ts';
import { type ChangeType, type KubeChange } from '../../app/record-kube-change.ts';

/**
 * AdmissionReview admission.k8s.io/v1 and v1beta1 (the request shape is the
 * same in both), and how one review becomes a change. Only the fields Herald
 * reads are validated; the rest of the review is ignored.
 */

const GroupVersionKind = z.object({ group: z.string(), version: z.string(), kind: z.string().min(1) });
const GroupVersionResource = z.object({ group: z.string(), version: z.string(), resource: z.string().min(1) });
const KubeObject = z.record(z.string(), z.unknown()).nullish();

export const ADMISSION_API_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;

export const AdmissionReviewSchema = z.object({
  apiVersion: z.enum(ADMISSION_API_VERSIONS),
  kind: z.literal('AdmissionReview'),
  request: z.object({
    uid: z.string().min(1),
    kind: GroupVersionKind,
    resource: GroupVersionResource,
    subResource: z.string().nullish(),
    requestKind: GroupVersionKind.nullish(),
    requestResource: GroupVersionResource.nullish(),
    requestSubResource: z.string().nullish(),
    name: z.string().nullish(),
    namespace: z.string().nullish(),
    operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
    userInfo: z.object({
      username: z.string().nullish(),
      groups: z.array(z.string()).nullish(),
    }),
    object: KubeObject,
    oldObject: KubeObject,
    dryRun: z.boolean().nullish(),
  }),
});
export type AdmissionReview = z.infer<typeof AdmissionReviewSchema>;
type AdmissionRequest = AdmissionReview['request'];

/** The answer the API server expects: same apiVersion and kind, the request's uid, always allowed. */
export function allowResponse(review: Pick<AdmissionReview, 'apiVersion'> & { request: { uid: string } }): object {
  return { apiVersion: review.apiVersion, kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } };
}

/** What a review can be before its objects are compared; a full-object UPDATE may still turn out a scale. */
function operationType(req: AdmissionRequest, subResource: string): ChangeType | undefined {
  switch (req.operation) {
    case 'CREATE': return subResource === '' ? 'create' : undefined;
    case 'DELETE': return subResource === '' ? 'delete' : undefined;
    case 'UPDATE': return subResource === '' ? 'update' : subResource === 'scale' ? 'scale' : undefined;
    // CONNECT (exec, attach, port-forward) changes no object.
    default: return undefined;
  }
}

/**
 * The change a review describes, or undefined when it is not one Herald
 * reports: CONNECT, updates that change nothing, and subresources other
 * than scale (status, binding, eviction… are written by controllers, not people).
 * Objects are compared by core/kube-diff.ts exactly as the watch compares them.
 */
export function admissionChange(req: AdmissionRequest, now: number, known: KnownInCluster = () => undefined): KubeChange | undefined {
  const subResource = req.requestSubResource ?? req.subResource ?? '';
  const operation = operationType(req, subResource);
  if (operation === undefined) return undefined;
  // The object the change is about: on DELETE only oldObject is set.
  const subject = operation === 'delete' ? req.oldObject : req.object ?? req.oldObject;
  const resource = req.requestResource ?? req.resource;
  // A scale review's kind is autoscaling/v1 Scale; the object that changes is the parent (a Deployment…).
  const kind = operation === 'scale' ? kindForResource(resource.resource, resource.group) : (req.requestKind ?? req.kind).kind;
  const generateName = pickString(subject, 'metadata', 'generateName');
  const name = nonEmpty(req.name) ?? pickString(req.object, 'metadata', 'name')
    ?? pickString(req.oldObject, 'metadata', 'name') ?? generateName ?? '';
  const namespace = nonEmpty(req.namespace) ?? pickString(subject, 'metadata', 'namespace') ?? '';

  let type = operation;
  let changes: FieldChange[] = [];
  if (operation === 'scale') {
    changes = [{ field: 'spec.replicas', old: pick(req.oldObject, 'spec', 'replicas'), new: pick(req.object, 'spec', 'replicas') }];
  } else if (operation === 'update' && req.oldObject != null && req.object != null) {
    const classified = classifyObjects(req.oldObject, req.object);
    // A no-op write (kubectl apply with nothing new) is not news.
    if (classified === null) return undefined;
    type = classified.event;
    changes = classified.changes;
  }
  return {
    type,
    kind,
    namespace,
    name,
    actor: req.userInfo.username ?? '',
    at: now,
    source: 'admission',
    dedupKey: `admission:${req.uid}`,
    changes,
    // A Scale carries no labels of its own: the parent's, when the watch holds it.
    labels: labelsOf(operation === 'scale' ? known(kind, namespace, name) : subject),
    data: {
      admissionUid: req.uid,
      operation: req.operation,
      resource: resource.resource,
      ...(subResource === '' ? {} : { subResource }),
      ...(generateName !== undefined && name === generateName ? { generateName } : {}),
    },
  };
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s === null || s === undefined || s === '' ? undefined : s;
}
