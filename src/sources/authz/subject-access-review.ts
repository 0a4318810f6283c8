import { z } from 'zod';
import type { AccessRequest } from './authz-rules.ts';

/**
 * SubjectAccessReview authorization.k8s.io/v1 and v1beta1. The one difference
 * that matters here: the user's groups are `groups` in v1 but `group` in
 * v1beta1. Both spellings are read in either version, since copies of the
 * docs' v1 example use `group`.
 */

export const SAR_API_VERSIONS = ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'] as const;

const Groups = z.array(z.string()).nullish();

export const SubjectAccessReviewSchema = z.object({
  apiVersion: z.enum(SAR_API_VERSIONS),
  kind: z.literal('SubjectAccessReview'),
  spec: z.object({
    resourceAttributes: z.object({
      namespace: z.string().nullish(),
      verb: z.string().nullish(),
      group: z.string().nullish(),
      resource: z.string().nullish(),
      subresource: z.string().nullish(),
      name: z.string().nullish(),
    }).nullish(),
    nonResourceAttributes: z.object({ path: z.string().nullish(), verb: z.string().nullish() }).nullish(),
    user: z.string().nullish(),
    groups: Groups,
    group: Groups,
  }),
});
export type SubjectAccessReview = z.infer<typeof SubjectAccessReviewSchema>;

/** The resource request under review; undefined for non-resource requests (/healthz, /debug…). */
export function accessRequest(sar: SubjectAccessReview): AccessRequest | undefined {
  const attrs = sar.spec.resourceAttributes;
  if (attrs == null) return undefined;
  const groups = sar.apiVersion === 'authorization.k8s.io/v1'
    ? sar.spec.groups ?? sar.spec.group
    : sar.spec.group ?? sar.spec.groups;
  return {
    user: sar.spec.user ?? '',
    groups: groups ?? [],
    verb: attrs.verb ?? '',
    apiGroup: attrs.group ?? '',
    resource: attrs.resource ?? '',
    subresource: attrs.subresource ?? '',
    namespace: attrs.namespace ?? '',
    name: attrs.name ?? '',
  };
}

export type SarStatus = { allowed: false; denied: true; reason: string } | { allowed: false };

/** Same apiVersion back; `allowed:false` without `denied` is "no opinion", so the next authorizer (RBAC) decides. */
export function sarResponse(sar: SubjectAccessReview, status: SarStatus): object {
  return { apiVersion: sar.apiVersion, kind: 'SubjectAccessReview', status };
}
