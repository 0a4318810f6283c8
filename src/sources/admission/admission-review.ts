import { z } from 'zod';
import type { FieldChange } from '../../core/event.ts';
import { kindForResource } from '../kubernetes/resources.ts';
import { labelsOf, pick, pickString } from '../kubernetes/object-fields.ts';
import { type ChangeType, type KubeChange } from '../../app/record-kube-change.ts';
import { diffObjects } from './object-diff.ts';

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

function changeType(req: AdmissionRequest, subResource: string): ChangeType | undefined {
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
 */
export function admissionChange(req: AdmissionRequest, now: number): KubeChange | undefined {
  const subResource = req.requestSubResource ?? req.subResource ?? '';
  const type = changeType(req, subResource);
  if (type === undefined) return undefined;
  // The object the change is about: on DELETE only oldObject is set.
  const subject = type === 'delete' ? req.oldObject : req.object ?? req.oldObject;
  const resource = req.requestResource ?? req.resource;
  // A scale review's kind is autoscaling/v1 Scale; the object that changes is the parent (a Deployment…).
  const kind = type === 'scale' ? kindForResource(resource.resource, resource.group) : (req.requestKind ?? req.kind).kind;
  const generateName = pickString(subject, 'metadata', 'generateName');
  const name = nonEmpty(req.name) ?? pickString(req.object, 'metadata', 'name')
    ?? pickString(req.oldObject, 'metadata', 'name') ?? generateName ?? '';
  const namespace = nonEmpty(req.namespace) ?? pickString(subject, 'metadata', 'namespace') ?? '';
  const changes = changesOf(type, req);
  // A no-op write (kubectl apply with nothing new) is not news.
  if (type === 'update' && changes.length === 0 && req.oldObject != null && req.object != null) return undefined;
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
    labels: type === 'scale' ? {} : labelsOf(subject),
    data: {
      admissionUid: req.uid,
      operation: req.operation,
      resource: resource.resource,
      ...(subResource === '' ? {} : { subResource }),
      ...(generateName !== undefined && name === generateName ? { generateName } : {}),
    },
  };
}

function changesOf(type: ChangeType, req: AdmissionRequest): FieldChange[] {
  if (type === 'scale') {
    return [{ field: 'spec.replicas', old: pick(req.oldObject, 'spec', 'replicas'), new: pick(req.object, 'spec', 'replicas') }];
  }
  if (type === 'update' && req.oldObject != null && req.object != null) return diffObjects(req.oldObject, req.object);
  return [];
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s === null || s === undefined || s === '' ? undefined : s;
}
