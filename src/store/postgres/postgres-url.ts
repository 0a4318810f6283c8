import { HeraldError } from '../../core/errors.ts';

/**
 * `postgres://user@host/db?schema=herald` keeps Herald's tables in their own
 * schema. `schema` is Herald's parameter, not libpq's, so it is taken off the
 * URL before `pg` sees it.
 */
export function splitSchema(url: string): { url: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HeraldError('CONFIG_INVALID', 'store.url is not a valid postgres:// URL', 'store.url');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new HeraldError('CONFIG_INVALID', 'store.url: schema must be letters, digits and "_"', 'store.url');
  }
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}
