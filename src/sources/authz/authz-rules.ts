import { z } from 'zod';
import { matchesList } from '../../core/filters.ts';
import { schemaError } from '../../core/schema-error.ts';

/**
 * Guard rules for the authorization webhook: a narrow "nobody outside these
 * groups may do this" check in front of RBAC. Patterns use the filters' glob
 * (`prod-*`, case-insensitive). Like RBAC, `deployments` does not cover
 * `deployments/scale`; name the subresource (or `deployments/*`) to guard it.
 */

const Patterns = z.array(z.string().min(1).max(253)).min(1).max(200);

export const AuthzGuardRuleSchema = z.strictObject({
  verbs: Patterns.default(['*']).describe('API verbs, e.g. delete, update, patch'),
  apiGroups: Patterns.default(['*']).describe('API groups; "" is the core group'),
  resources: Patterns.default(['*']).describe('Plural resources or resource/subresource, e.g. namespaces, deployments/scale'),
  namespaces: Patterns.default(['*']),
  namePattern: z.string().min(1).max(253).default('*').describe('Object name glob, e.g. prod-*'),
  allowGroups: z.array(z.string().min(1).max(253)).max(200).default([]).describe('Members of any of these groups are not denied'),
  allowUsers: z.array(z.string().min(1).max(512)).max(200).default([]),
  reason: z.string().min(1).max(1000).describe('Shown to the denied user and used as the deny event summary'),
}).refine((r) => !(r.verbs.includes('*') && r.resources.includes('*')), {
  // A rule matching every verb on every resource would lock the cluster's own components out.
  message: 'a rule must name verbs or resources (both cannot be "*")',
  path: ['resources'],
});
export type AuthzGuardRule = z.infer<typeof AuthzGuardRuleSchema>;

export const AuthzConfigSchema = z.strictObject({
  rules: z.array(AuthzGuardRuleSchema).max(500).default([]),
});
export type AuthzConfig = z.infer<typeof AuthzConfigSchema>;
export type AuthzConfigInput = z.input<typeof AuthzConfigSchema>;

export function parseAuthzConfig(input: AuthzConfigInput | undefined): AuthzConfig {
  const parsed = AuthzConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw schemaError(parsed.error, { code: 'CONFIG_INVALID', at: 'authz' });
}

/** The attributes of one resource request being authorized. */
export interface AccessRequest {
  user: string;
  groups: readonly string[];
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

/** The first rule that denies the request, or undefined (Herald then has no opinion). */
export function denyingRule(rules: readonly AuthzGuardRule[], req: AccessRequest): AuthzGuardRule | undefined {
  const resource = req.subresource === '' ? req.resource : `${req.resource}/${req.subresource}`;
  return rules.find((r) =>
    matchesList(r.verbs, req.verb)
    && (r.apiGroups.includes('*') || r.apiGroups.includes(req.apiGroup))
    && matchesList(r.resources, resource)
    && matchesList(r.namespaces, req.namespace)
    && matchesList([r.namePattern], req.name)
    && !r.allowUsers.includes(req.user)
    && !req.groups.some((g) => r.allowGroups.includes(g)));
}
