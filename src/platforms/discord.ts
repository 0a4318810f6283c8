import { messageFor } from './group-message.ts';
import { describe, MARKDOWN, truncate, type Tone } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Discord execute-webhook: one embed with title, description, inline fields,
 * timestamp and a colour by event type. Discord refuses the whole message
 * when an embed breaks a limit, the 6000-character total included, so the
 * description (the only long part) gives way last.
 */
export const DISCORD_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

/** create/resolved green, update blue, scale orange, delete/alert red, deny dark red, test grey. */
const COLOURS: Record<Tone, number> = {
  good: 0x2ecc71, info: 0x3498db, warning: 0xe67e22, danger: 0xe74c3c, critical: 0x992d22, neutral: 0x95a5a6,
};

export const discordPlatform: Platform = {
  id: 'discord',
  label: 'Discord (webhook)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Webhook URL', description: 'https://discord.com/api/webhooks/<id>/<token>; the token is the credential' },
  // Discord: about 30 requests a minute per webhook (5 per 2 s bursts), answered with 429 and Retry-After beyond.
  rate: { requests: 30, perSeconds: 60, per: 'webhook' },
  render(event, target) {
    const msg = messageFor(event, target);
    const title = truncate(msg.headline, DISCORD_LIMITS.title);
    const fields = msg.facts.filter((f) => f.label !== 'Time').slice(0, DISCORD_LIMITS.fields).map((f) => ({
      name: truncate(f.label, DISCORD_LIMITS.fieldName),
      value: truncate(f.value, DISCORD_LIMITS.fieldValue),
      inline: true,
    }));
    const footer = truncate(`Herald · ${event.source}`, DISCORD_LIMITS.footer);
    const used = title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    const main = target.template === null ? describe(msg, MARKDOWN).join('\n') : renderTemplate(target.template, event);
    const description = truncate(main, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - used));
    const embed: Record<string, unknown> = { title };
    if (description.trim() !== '') embed.description = description;
    embed.color = COLOURS[msg.tone];
    if (fields.length > 0) embed.fields = fields;
    embed.footer = { text: footer };
    embed.timestamp = event.timestamp;
    // Event text must never ping @everyone or a role.
    const body = { embeds: [embed], allowed_mentions: { parse: [] } };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  // 204 without ?wait=true, 200 with the message with it; both are success.
  interpret() {
    return { ok: true };
  },
};
