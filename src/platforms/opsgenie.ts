import { z } from 'zod';
import { jsonObject, messages } from './answer.ts';
import { alertKey, alertSeverity, isResolution } from './alert-key.ts';
import { buildMessage, describe, MARKDOWN, objectName, truncate } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Opsgenie Alert API: every event but `resolved` creates an alert (POST
 * <url>) whose alias is the alert key (alert-key.ts), so repeats are counted
 * on the open alert; `resolved` closes it (POST <url>/<alias>/close?identifierType=alias).
 * The API key is the webhook's secret, sent as `Authorization: GenieKey …`.
 * Documented limits: message 130 characters, alias 512, description 15000,
 * 20 tags of 50, details 8000 characters in all, entity 512, source 100.
 * No fixed rate: Opsgenie meters requests per domain with a token bucket sized
 * by the plan (docs.opsgenie.com/docs/api-rate-limiting), so no pace is set
 * here and its 429 (with Retry-After) is what holds deliveries back.
 */
export const OPSGENIE_LIMITS = { message: 130, alias: 512, description: 15000, tags: 20, tag: 50, details: 8000, entity: 512, source: 100, note: 25000 } as const;

export const OpsgenieOptionsSchema = z.strictObject({
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional()
    .describe('Priority of every alert; omitted: P1 critical, P2 error, P3 warning, P5 info (from the severity label or event type)'),
  team: z.string().min(1).max(100).optional().describe('Team (by name) the alert is routed to'),
});

const PRIORITY = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P5' } as const;
/** 400/422 are "request body is not processable", 401/403 a wrong or restricted key: retrying cannot help. */
const PERMANENT = new Set([400, 401, 403, 404, 422]);

export const opsgeniePlatform: Platform = {
  id: 'opsgenie',
  label: 'Opsgenie (Alert API)',
  heraldSignature: false,
  credentialUrl: false,
  defaultRetry: 'standard',
  url: { label: 'Alert API URL', description: 'https://api.opsgenie.com/v2/alerts (api.eu.opsgenie.com for EU accounts); closing appends /<alias>/close', example: 'https://api.opsgenie.com/v2/alerts' },
  secret: { label: 'API key', description: 'Key of an API integration with create and update access', required: true },
  options: OpsgenieOptionsSchema,
  render(event, target) {
    if (target.secret === null) throw new Error('an Opsgenie webhook needs its API key as the secret');
    const options = OpsgenieOptionsSchema.parse(target.options ?? {});
    const headers = { 'content-type': 'application/json', authorization: `GenieKey ${target.secret}` };
    const alias = alertKey(event, OPSGENIE_LIMITS.alias);
    if (isResolution(event)) {
      const base = target.url.replace(/\/+$/, '');
      const url = `${base}/${encodeURIComponent(alias)}/close?identifierType=alias`;
      const note = truncate(event.summary || 'resolved', OPSGENIE_LIMITS.note);
      return { url, headers, body: JSON.stringify({ source: 'Herald', user: 'Herald', note }) };
    }
    const msg = buildMessage(event, target.delayedMs);
    const description = target.template === null ? describe(msg, MARKDOWN).join('\n') : renderTemplate(target.template, event);
    const body: Record<string, unknown> = { message: truncate(msg.headline, OPSGENIE_LIMITS.message), alias };
    if (description.trim() !== '') body.description = truncate(description, OPSGENIE_LIMITS.description);
    const tags = ['herald', event.event, event.cluster].filter((t) => t !== '').map((t) => truncate(t, OPSGENIE_LIMITS.tag));
    body.tags = [...new Set(tags)].slice(0, OPSGENIE_LIMITS.tags);
    body.details = details(msg.facts.map((f) => [f.label, f.value] as const).concat(msg.labels.map((l) => [`label.${l.label}`, l.value] as const)));
    const entity = objectName(event);
    if (entity !== '') body.entity = truncate(entity, OPSGENIE_LIMITS.entity);
    body.source = truncate(`Herald ${event.source}`, OPSGENIE_LIMITS.source);
    body.priority = options.priority ?? PRIORITY[alertSeverity(event)];
    if (options.team !== undefined) body.responders = [{ type: 'team', name: options.team }];
    return { headers, body: JSON.stringify(body) };
  },
  /** 202 `{"result":"Request will be processed","took":0.3,"requestId":…}`: accepted, processed later. */
  interpret() {
    return { ok: true };
  },
  /** `{"message":"Request body is not processable. Please check the errors.","errors":{"message":"Message can not be empty."}}`. */
  readRefusal(status, body) {
    const record = jsonObject(body);
    const text = record === undefined ? '' : [messages(record.message), messages(record.errors)].filter((m) => m !== '').join(': ');
    return { ...(text === '' ? {} : { error: text }), ...(PERMANENT.has(status) ? { permanent: true } : {}) };
  },
};

/** Key/value details within Opsgenie's 8000 characters in all: entries that would overflow are left out. */
function details(entries: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  let used = 0;
  for (const [key, value] of entries) {
    const k = truncate(key, 100);
    const v = truncate(value, 500);
    if (used + k.length + v.length > OPSGENIE_LIMITS.details) break;
    out[k] = v;
    used += k.length + v.length;
  }
  return out;
}
