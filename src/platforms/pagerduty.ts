import { z } from 'zod';
import { jsonObject, messages } from './answer.ts';
import { alertKey, alertSeverity, isResolution } from './alert-key.ts';
import { buildMessage, objectName, truncate } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * PagerDuty Events API v2: a `trigger` for every event but `resolved`, which
 * sends a `resolve` with the same `dedup_key` (alert-key.ts), so the incident
 * an alert opened is closed by its resolution. The routing key is the
 * webhook's secret: sealed at rest and never shown. Limits: summary 1024
 * characters, dedup_key 255, the event 512 KB (custom details are bounded by
 * message.ts well below it).
 */
export const PAGERDUTY_LIMITS = { summary: 1024, source: 255, dedupKey: 255, component: 255 } as const;

export const PagerDutyOptionsSchema = z.strictObject({
  severity: z.enum(['critical', 'error', 'warning', 'info']).optional()
    .describe('Severity of every trigger; omitted: the event\'s severity label, else error for alert/deny, warning for delete, info otherwise'),
  group: z.string().min(1).max(255).optional().describe('Logical grouping shown on the alert, e.g. prod-eu'),
  class: z.string().min(1).max(255).optional().describe('Class or type of the event shown on the alert'),
});

/** 400 is "invalid event": sending it again cannot help. */
const PERMANENT = new Set([400, 401, 403, 404, 413]);

export const pagerdutyPlatform: Platform = {
  id: 'pagerduty',
  label: 'PagerDuty (Events API v2)',
  heraldSignature: false,
  credentialUrl: false,
  defaultRetry: 'standard',
  url: { label: 'Events API URL', description: 'https://events.pagerduty.com/v2/enqueue (or events.eu.pagerduty.com for EU accounts)', example: 'https://events.pagerduty.com/v2/enqueue' },
  secret: { label: 'Routing key', description: 'The integration key of an Events API v2 integration on the service (32 characters)', required: true },
  options: PagerDutyOptionsSchema,
  rate: { requests: 120, perSeconds: 60, per: 'routing key' },
  render(event, target) {
    if (target.secret === null) throw new Error('a PagerDuty webhook needs its routing key as the secret');
    const options = PagerDutyOptionsSchema.parse(target.options ?? {});
    const dedupKey = alertKey(event, PAGERDUTY_LIMITS.dedupKey);
    if (isResolution(event)) {
      return json({ routing_key: target.secret, event_action: 'resolve', dedup_key: dedupKey });
    }
    const msg = buildMessage(event, target.delayedMs);
    const summary = target.template === null ? msg.headline : renderTemplate(target.template, event);
    const details: Record<string, unknown> = { event: event.event, source: event.source, herald_event_id: event.id };
    if (event.actor !== '') details.actor = event.actor;
    // A template is the user's choice of what the responder reads: it replaces the listed changes too.
    if (target.template === null) {
      if (msg.summary !== '') details.summary = msg.summary;
      if (msg.change !== null) details.change = msg.change;
      if (msg.otherChanges.length > 0) details.other_changes = msg.otherChanges;
      if (msg.hiddenChanges > 0) details.hidden_changes = msg.hiddenChanges;
      if (msg.labels.length > 0) details.labels = Object.fromEntries(msg.labels.map((l) => [l.label, l.value]));
    }
    const payload: Record<string, unknown> = {
      summary: truncate(summary.trim() === '' ? msg.headline : summary, PAGERDUTY_LIMITS.summary),
      source: truncate(event.cluster || event.source || 'herald', PAGERDUTY_LIMITS.source),
      severity: options.severity ?? alertSeverity(event),
      timestamp: event.timestamp,
    };
    const object = objectName(event);
    if (object !== '') payload.component = truncate(object, PAGERDUTY_LIMITS.component);
    if (options.group !== undefined) payload.group = options.group;
    if (options.class !== undefined) payload.class = options.class;
    payload.custom_details = details;
    return json({ routing_key: target.secret, event_action: 'trigger', dedup_key: dedupKey, payload, client: 'Herald' });
  },
  /** 202 `{"status":"success","message":"Event processed","dedup_key":…}`. */
  interpret(_status, body) {
    const record = jsonObject(body);
    if (record === undefined || record.status === undefined || record.status === 'success') return { ok: true };
    return { ok: false, error: `${messages(record.status)}: ${messages(record.message)}` };
  },
  /** 400 `{"status":"invalid event","message":"Event object is invalid","errors":["…"]}`; 429 when over the rate. */
  readRefusal(status, body) {
    const record = jsonObject(body);
    const text = record === undefined ? '' : [messages(record.message), messages(record.errors)].filter((m) => m !== '').join(': ');
    return { ...(text === '' ? {} : { error: text }), ...(PERMANENT.has(status) ? { permanent: true } : {}) };
  },
};

function json(body: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}
