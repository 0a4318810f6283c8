import type { AuditQuery } from '../app/ports/account-repository.ts';

/**
 * The audit log's query for both engines: newest first, older than the
 * cursor, each filter an exact match (actor name, action, target type) or a
 * time bound (since inclusive, until exclusive). `param` spells a bind
 * parameter, `id` how ids compare (PostgreSQL byte-wise, as SQLite does).
 */
export function auditQuerySql(
  d: { param(index: number): string; id: string },
  cursor: string | undefined, limit: number, q: AuditQuery = {},
): { sql: string; params: Array<string | number> } {
  const params: Array<string | number> = [];
  const bind = (value: string | number): string => { params.push(value); return d.param(params.length); };
  const where: string[] = [];
  if (cursor !== undefined) where.push(`${d.id} < ${bind(cursor)}`);
  if (q.actor !== undefined && q.actor !== '') where.push(`actor_name = ${bind(q.actor)}`);
  if (q.action !== undefined) where.push(`action = ${bind(q.action)}`);
  if (q.targetType !== undefined) where.push(`target_type = ${bind(q.targetType)}`);
  if (q.since !== undefined) where.push(`at >= ${bind(q.since)}`);
  if (q.until !== undefined) where.push(`at < ${bind(q.until)}`);
  const sql = `SELECT * FROM audit_log${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY ${d.id} DESC LIMIT ${bind(limit + 1)}`;
  return { sql, params };
}
