export { createAuditApp, type AuditAppOptions, type AuditBatchResult } from './audit-app.ts';
export { auditChange, AuditEventListSchema, AuditEventSchema, type AuditEvent } from './audit-event.ts';
