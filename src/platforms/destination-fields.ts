import { z } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { schemaError } from '../core/schema-error.ts';
import type { Platform } from './platform.ts';

/**
 * What each platform needs of a webhook, in one place: the check a webhook
 * passes before it is stored (its `platformOptions` against the platform's
 * schema, the secret when the platform's credential is the secret) and the
 * description GET /api/v1/platforms gives, so the console form is built from
 * data instead of knowing each platform.
 */

export interface FieldDescription {
  /** Path in the webhook body: `url`, `secret`, `platformOptions.chatId`. */
  name: string;
  label: string;
  description: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'string-or-integer';
  required: boolean;
  /** Write-only: sealed at rest, never returned; a form shows it as set / not set. */
  secret: boolean;
  values?: string[];
  example?: string;
}

const NO_OPTIONS = z.strictObject({});

/** What is wrong with the webhook for this platform, as the field to fix and why; undefined when nothing is. */
export function destinationProblem(
  platform: Platform, w: { platformOptions?: Record<string, unknown> | undefined; secret?: string | null | undefined },
): { field: string; message: string } | undefined {
  const checked = (platform.options ?? NO_OPTIONS).safeParse(w.platformOptions ?? {});
  if (!checked.success) {
    const err = schemaError(checked.error, { code: 'VALIDATION', at: 'platformOptions' });
    return { field: err.field ?? 'platformOptions', message: err.message.replace(/^[^:]*: /, '') };
  }
  if (platform.secret?.required === true && (w.secret === null || w.secret === undefined)) {
    return { field: 'secret', message: `a ${platform.label} webhook needs its ${platform.secret.label.toLowerCase()} as the secret` };
  }
  return undefined;
}

/** Throws VALIDATION naming the field when the webhook does not give the platform what it needs. */
export function checkDestination(platform: Platform, w: { platformOptions?: Record<string, unknown> | undefined; secret: string | null }): void {
  const problem = destinationProblem(platform, w);
  if (problem !== undefined) throw new HeraldError('VALIDATION', `${problem.field}: ${problem.message}`, problem.field);
}

export function describeFields(platform: Platform): FieldDescription[] {
  const fields: FieldDescription[] = [{
    name: 'url', label: platform.url?.label ?? 'URL', description: platform.url?.description ?? 'Where Herald POSTs each event',
    type: 'string', required: true, secret: false, ...(platform.url?.example === undefined ? {} : { example: platform.url.example }),
  }];
  const secret = platform.secret ?? (platform.heraldSignature
    ? { label: 'Signing secret', description: 'Key of the X-Herald-Signature and webhook-signature headers', required: false }
    : undefined);
  if (secret !== undefined) {
    fields.push({ name: 'secret', label: secret.label, description: secret.description, type: 'string', required: secret.required === true, secret: true });
  }
  for (const [key, schema] of Object.entries(platform.options?.shape ?? {})) {
    fields.push({ name: `platformOptions.${key}`, ...describeOption(key, schema as z.ZodType) });
  }
  return fields;
}

function describeOption(key: string, schema: z.ZodType): Omit<FieldDescription, 'name'> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; enum?: string[]; anyOf?: unknown[]; description?: string };
  const type: FieldDescription['type'] = json.enum !== undefined ? 'enum'
    : json.anyOf !== undefined ? 'string-or-integer'
    : json.type === 'integer' || json.type === 'number' || json.type === 'boolean' ? json.type : 'string';
  return {
    label: key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()),
    description: schema.description ?? '',
    type, required: !schema.safeParse(undefined).success, secret: false,
    ...(json.enum === undefined ? {} : { values: json.enum }),
  };
}
