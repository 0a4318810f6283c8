import type { WebhookPatch, WebhookView } from '../../api/types.ts';

/**
 * The webhook's delivery settings as the form edits them: retry policy,
 * timeout, concurrency, extra headers (secret ones write-only), template and
 * CA bundle. Kept apart from the destination and filter state so each part of
 * the form has one owner; only what changed goes into a PUT.
 */
export const RETRY_POLICIES = [
  { value: 'default', label: 'Platform default (standard for custom HTTP, chat for chat platforms)' },
  { value: 'standard', label: 'Standard: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h' },
  { value: 'chat', label: 'Chat: 5 s, 30 s, 2 min, 10 min, 30 min' },
  { value: 'kubevision', label: 'KubeVision: 3 attempts within 30 s' },
  { value: 'exponential', label: 'Exponential backoff (set below)' },
] as const;
export type RetryPolicyName = (typeof RETRY_POLICIES)[number]['value'];

export const EXPONENTIAL = ['maxAttempts', 'initialDelaySeconds', 'maxDelaySeconds', 'multiplier', 'jitter'] as const;
type ExpKey = (typeof EXPONENTIAL)[number];

export interface HeaderRow { rowId: number; name: string; value: string; secret: boolean; stored: boolean }

export interface DeliverySettings {
  policy: RetryPolicyName;
  exp: Record<ExpKey, string>;
  timeoutSeconds: string;
  concurrency: string;
  headers: HeaderRow[];
  template: string;
  caCert: string;
}

let nextRow = 1;
export const newHeaderRow = (): HeaderRow => ({ rowId: nextRow++, name: '', value: '', secret: false, stored: false });

type Retry = WebhookView['retry'];

export function deliveryFromView(w: WebhookView | null): DeliverySettings {
  const retry: Retry = w?.retry ?? {};
  const exponential = retry.policy === 'exponential' || (retry.policy === undefined && EXPONENTIAL.some((k) => retry[k] !== undefined));
  return {
    policy: exponential ? 'exponential' : retry.policy ?? 'default',
    exp: Object.fromEntries(EXPONENTIAL.map((k) => [k, retry[k] === undefined ? '' : String(retry[k])])) as Record<ExpKey, string>,
    timeoutSeconds: String(w?.timeoutSeconds ?? 10),
    concurrency: String(w?.concurrency ?? 4),
    headers: Object.entries(w?.headers ?? {}).map(([name, v]) => ({
      ...newHeaderRow(), name, value: typeof v === 'string' ? v : '', secret: typeof v !== 'string', stored: typeof v !== 'string',
    })),
    template: w?.template ?? '',
    caCert: w?.tls.caCert ?? '',
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

function retryBody(d: DeliverySettings): NonNullable<WebhookPatch['retry']> {
  if (d.policy !== 'exponential') return d.policy === 'default' ? {} : { policy: d.policy };
  const fields = Object.fromEntries(EXPONENTIAL.filter((k) => d.exp[k].trim() !== '').map((k) => [k, num(d.exp[k])]));
  return { policy: 'exponential', ...fields };
}

function headersBody(d: DeliverySettings): NonNullable<WebhookPatch['headers']> {
  const out: NonNullable<WebhookPatch['headers']> = {};
  for (const h of d.headers) {
    const name = h.name.trim();
    if (name === '') continue;
    // A stored secret left blank keeps its value: the server never sends it back.
    out[name] = !h.secret ? h.value : h.stored && h.value === '' ? { secret: true } : { value: h.value, secret: true };
  }
  return out;
}

/** Every delivery setting, for a create. */
export function deliveryBody(d: DeliverySettings) {
  return {
    retry: retryBody(d), timeoutSeconds: num(d.timeoutSeconds), concurrency: num(d.concurrency),
    headers: headersBody(d), ...(d.template.trim() === '' ? {} : { template: d.template }),
  };
}

/** Only the delivery settings that differ from the stored webhook, for a PUT (tls is the form's to send). */
export function deliveryPatch(d: DeliverySettings, original: WebhookView): Partial<WebhookPatch> {
  const before = deliveryFromView(original);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const patch: Partial<WebhookPatch> = {};
  if (!same(retryBody(d), retryBody(before))) patch.retry = retryBody(d);
  if (d.timeoutSeconds !== before.timeoutSeconds) patch.timeoutSeconds = num(d.timeoutSeconds);
  if (d.concurrency !== before.concurrency) patch.concurrency = num(d.concurrency);
  if (!same(headersBody(d), headersBody(before))) patch.headers = headersBody(d);
  if (d.template !== before.template) patch.template = d.template.trim() === '' ? null : d.template;
  return patch;
}

/** The CA bundle as the tls object takes it: blank removes it. */
export function caCertOf(d: DeliverySettings): { caCert?: string } {
  return d.caCert.trim() === '' ? {} : { caCert: d.caCert.trim() };
}

/** Which delivery input an API error names: `retry.maxAttempts`, `headers.X-Key.value`, `tls.caCert`. */
export function deliveryFieldKey(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const p = field.split('.');
  if (p[0] === 'retry') return p[1] !== undefined && (EXPONENTIAL as readonly string[]).includes(p[1]) ? `retry.${p[1]}` : 'retry.policy';
  if (p[0] === 'timeoutSeconds' || p[0] === 'concurrency' || p[0] === 'template') return p[0];
  if (p[0] === 'headers') return p[1] === undefined ? 'headers' : `headers.${p[1]}`;
  if (p[0] === 'tls' && p[1] === 'caCert') return 'tls.caCert';
  return undefined;
}
