export { createAuthzApp, type AuthzAppOptions } from './authz-app.ts';
export {
  AuthzConfigSchema, AuthzGuardRuleSchema, denyingRule, parseAuthzConfig,
  type AccessRequest, type AuthzConfig, type AuthzConfigInput, type AuthzGuardRule,
} from './authz-rules.ts';
export { accessRequest, sarResponse, SubjectAccessReviewSchema, type SubjectAccessReview } from './subject-access-review.ts';
