import { z } from 'zod';
import { HeraldError } from './errors.ts';
import { RetryPolicySchema } from './retry-policy.ts';
import { FiltersSchema } from './filters.ts';
import { GroupingSchema } from './grouping.ts';
import { RatePerMinuteSchema } from './send-rate.ts';

/**
 * A webhook: where events go, how they are authenticated and signed, which
 * events it wants, and how hard Herald tries. The input schema is the single
 * source of the API's validation, its TypeScript type and its OpenAPI document.
 */

export const AuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(256), password: z.string().max(1024) }),
]).describe('How Herald authenticates to the receiver; tokens and passwords are write-only');
export type WebhookAuth = z.infer<typeof AuthSchema>;

export const TlsSchema = z.strictObject({
  insecureSkipVerify: z.boolean().default(false).describe('Accept any certificate (testing only)'),
  caCert: z.string().max(65536).startsWith('-----BEGIN CERTIFICATE-----', 'must be a PEM certificate')
    .optional().describe('PEM CA bundle trusted for this receiver'),
});

const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be a valid HTTP header name');

/**
 * A header value, or `{value, secret: true}` for a credential (an API key):
 * sealed at rest with the signing secret and never shown. `{secret: true}`
 * without a value keeps the stored one, so what the API shows can be sent back.
 */
const HeaderValueSchema = z.union([
  z.string().max(4096),
  z.strictObject({ value: z.string().max(4096).optional(), secret: z.boolean() })
    .refine((h) => h.secret || h.value !== undefined, { message: 'a header that is not secret needs a value', path: ['value'] }),
]);
export type HeaderInput = z.infer<typeof HeaderValueSchema>;

/** Each field once, without defaults: create adds the defaults, PUT makes every field optional. */
const Field = {
  name: z.string().trim().min(1).max(100),
  platform: z.string().min(1),
  // Which scheme fits which platform is checked against the platform (checkDestinationUrl).
  url: z.url({ protocol: /^(https?|smtps?|nats|amqps?|mqtts?|rediss?)$/, error: 'must be an http(s)://, smtp(s)://, nats://, amqp(s)://, mqtt(s):// or redis(s):// URL' }).max(2048),
  secret: z.string().min(8, 'must be at least 8 characters').max(512).nullable()
    .describe('Signing secret (write-only). A `whsec_` base64 value is used as raw key bytes.'),
  timeoutSeconds: z.number().int().min(1).max(60),
  concurrency: z.number().int().min(1).max(64).describe('Deliveries in flight at once for this webhook'),
  headers: z.record(HeaderNameSchema, HeaderValueSchema)
    .describe('Extra request headers; `{"value": "...", "secret": true}` marks a credential that is sealed and never returned'),
  template: z.string().max(20000).nullable().describe('Optional message template; see docs/templates.md'),
  // Credentials never go here: they are the `secret` (sealed, write-only) or the URL (masked for viewers).
  platformOptions: z.record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean()]))
    .describe('Settings of the platform that are not secret (a Telegram chat id, an Opsgenie priority); GET /api/v1/platforms lists each platform\'s'),
};

export const WebhookInputSchema = z.object({
  name: Field.name,
  platform: Field.platform.default('custom'),
  url: Field.url,
  secret: Field.secret.optional(),
  auth: AuthSchema.default({ type: 'none' }),
  tls: TlsSchema.default({ insecureSkipVerify: false }),
  enabled: z.boolean().default(true),
  retry: RetryPolicySchema.default({}).describe('Retry policy; omitted: the platform\'s default (see docs/configuration.md)'),
  timeoutSeconds: Field.timeoutSeconds.default(10),
  concurrency: Field.concurrency.default(4),
  headers: Field.headers.default({}),
  template: Field.template.optional(),
  platformOptions: Field.platformOptions.default({}),
  filters: FiltersSchema.default(FiltersSchema.parse({})),
  grouping: GroupingSchema.optional(),
  ratePerMinute: RatePerMinuteSchema.optional(),
});
export type WebhookInput = z.input<typeof WebhookInputSchema>;
export type WebhookSpec = z.infer<typeof WebhookInputSchema>;

/** PUT is a merge: omitted fields keep their value; `secret: null` removes the secret. */
export const WebhookPatchSchema = z.object({
  name: Field.name.optional(),
  platform: Field.platform.optional(),
  url: Field.url.optional(),
  secret: Field.secret.optional(),
  auth: AuthSchema.optional(),
  tls: TlsSchema.optional(),
  enabled: z.boolean().optional(),
  retry: RetryPolicySchema.optional(),
  timeoutSeconds: Field.timeoutSeconds.optional(),
  concurrency: Field.concurrency.optional(),
  headers: Field.headers.optional(),
  template: Field.template.optional(),
  platformOptions: Field.platformOptions.optional(),
  filters: FiltersSchema.optional(),
  grouping: GroupingSchema.nullable().optional().describe('null goes back to the platform default'),
  ratePerMinute: RatePerMinuteSchema.nullable().optional().describe('null goes back to the platform default'),
});
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;

/** A secret that was replaced stays valid for signing until it expires. */
export interface PreviousSecret { secret: string; expiresAt: number }

/** What the store keeps. Secrets appear here in clear; the store encrypts them at rest. */
export interface Webhook extends Omit<WebhookSpec, 'secret' | 'template' | 'headers'> {
  id: string;
  /** Plain extra headers, shown by the API. */
  headers: Record<string, string>;
  /** Extra headers marked secret: sealed like `secret`, sent on delivery, never shown. */
  secretHeaders: Record<string, string>;
  secret: string | null;
  previousSecrets: PreviousSecret[];
  template: string | null;
  disabledReason: string | null;
  /** When the receiver started failing without a success since; null while healthy. Kept by the dispatcher. */
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What any API or page shows: never a secret, token or password. */
export const WebhookViewSchema = WebhookInputSchema.omit({ secret: true, auth: true, headers: true }).extend({
  id: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.object({ secret: z.literal(true) })]))
    .describe('Secret headers show as {"secret": true}: set, value withheld'),
  urlMasked: z.boolean().describe('The URL is the credential on chat platforms; viewers see only its origin'),
  hasSecret: z.boolean(),
  secretRotating: z.boolean().describe('An old secret is still accepted for signing'),
  auth: z.object({ type: z.enum(['none', 'bearer', 'basic']), username: z.string().optional() }),
  template: z.string().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.iso.datetime().nullable().describe('Since when every attempt failed; null while the receiver is healthy'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookView = z.infer<typeof WebhookViewSchema>;

export function viewWebhook(w: Webhook, now: number = Date.now()): WebhookView {
  const { secret, previousSecrets, auth, headers, secretHeaders, failingSince, ...rest } = w;
  return {
    ...rest,
    headers: { ...headers, ...Object.fromEntries(Object.keys(secretHeaders).map((name) => [name, { secret: true as const }])) },
    urlMasked: false,
    failingSince: failingSince === null ? null : new Date(failingSince).toISOString(),
    hasSecret: secret !== null,
    secretRotating: previousSecrets.some((p) => p.expiresAt > now),
    auth: auth.type === 'basic' ? { type: 'basic', username: auth.username } : { type: auth.type },
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
  };
}

/**
 * Splits the headers as given into plain and secret ones; `{secret: true}`
 * without a value takes the value kept in `stored`.
 */
export function splitHeaders(input: Record<string, HeaderInput>, stored: Record<string, string> = {}): Pick<Webhook, 'headers' | 'secretHeaders'> {
  const headers: Record<string, string> = {};
  const secretHeaders: Record<string, string> = {};
  for (const [name, h] of Object.entries(input)) {
    if (typeof h === 'string' || !h.secret) headers[name] = typeof h === 'string' ? h : h.value!;
    else if (h.value !== undefined) secretHeaders[name] = h.value;
    else if (stored[name] !== undefined) secretHeaders[name] = stored[name];
    else throw new HeraldError('VALIDATION', `headers.${name}: a new secret header needs a value`, `headers.${name}.value`);
  }
  return { headers, secretHeaders };
}

/** Every extra header to send, secret ones included. */
export function extraHeaders(w: Pick<Webhook, 'headers' | 'secretHeaders'>): Record<string, string> {
  return { ...w.headers, ...w.secretHeaders };
}

export function createWebhook(spec: WebhookSpec, id: string, now: number): Webhook {
  return {
    ...spec,
    ...splitHeaders(spec.headers),
    id,
    secret: spec.secret ?? null,
    previousSecrets: [],
    template: spec.template ?? null,
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Applies a PUT. A new secret pushes the old one into `previousSecrets` for the
 * grace period, so receivers can switch keys without dropping deliveries.
 */
export function applyWebhookPatch(w: Webhook, patch: WebhookPatch, now: number, secretGraceMs: number): Webhook {
  const { secret, template, headers, grouping, ratePerMinute, ...rest } = patch;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Webhook>;
  const next: Webhook = { ...w, ...defined, updatedAt: now };
  if (headers !== undefined) Object.assign(next, splitHeaders(headers, w.secretHeaders));
  next.previousSecrets = w.previousSecrets.filter((p) => p.expiresAt > now);
  if (secret !== undefined && secret !== w.secret) {
    if (w.secret !== null && secret !== null) {
      next.previousSecrets = [{ secret: w.secret, expiresAt: now + secretGraceMs }, ...next.previousSecrets];
    }
    if (secret === null) next.previousSecrets = [];
    next.secret = secret;
  }
  if (template !== undefined) next.template = template;
  // null: back to the platform default, which is the field being absent.
  if (grouping !== undefined) {
    if (grouping === null) delete next.grouping; else next.grouping = grouping;
  }
  if (ratePerMinute !== undefined) {
    if (ratePerMinute === null) delete next.ratePerMinute; else next.ratePerMinute = ratePerMinute;
  }
  // Re-enabling by hand clears the reason Herald disabled it.
  if (patch.enabled === true) next.disabledReason = null;
  return next;
}

/** Keys that sign a delivery now: the current secret first, then unexpired old ones. */
export function signingSecrets(w: Webhook, now: number): string[] {
  if (w.secret === null) return [];
  return [w.secret, ...w.previousSecrets.filter((p) => p.expiresAt > now).map((p) => p.secret)];
}
