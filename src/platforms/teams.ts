import { messageFor } from './group-message.ts';
import { describe, fitJson, truncate, type Markup, type Tone } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, the
 * replacement for the retired Office 365 connectors: a `message` carrying one
 * Adaptive Card (headline, text, facts). Teams refuses messages over about
 * 28 KB, and some tenants fail earlier, so the body is kept under 20000 bytes.
 */
export const TEAMS_MAX_BODY_BYTES = 28 * 1024;
const BODY_BUDGET = 20000;
const HEADLINE_MAX = 500;

/** Adaptive Card TextBlock colours. */
const COLOURS: Record<Tone, string> = {
  good: 'Good', info: 'Accent', warning: 'Warning', danger: 'Attention', critical: 'Attention', neutral: 'Default',
};

/** TextBlock markdown has bold and lists but no code spans; values stay plain. */
export const TEAMS_MARKUP: Markup = {
  bold: (t) => `**${t}**`,
  code: (t) => t,
  escape: (t) => t,
  bullet: '- ',
  link: (url, text) => `[${text}](${url})`,
};

export const teamsPlatform: Platform = {
  id: 'teams',
  label: 'Microsoft Teams (Workflows webhook)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Workflows webhook URL', description: 'The HTTP POST URL of a "When a Teams webhook request is received" workflow; its sig is the credential' },
  // Teams: connectors allow 4 requests a second and 60 per 30 s, but only 100 an hour; grouping keeps a burst within that.
  rate: { requests: 30, perSeconds: 60, per: 'webhook' },
  render(event, target) {
    const msg = messageFor(event, target);
    // TextBlock markdown needs a blank line for a line break.
    const main = target.template === null ? describe(msg, TEAMS_MARKUP).join('\n\n') : renderTemplate(target.template, event);
    const headline = truncate(msg.headline, HEADLINE_MAX);
    const body = fitJson((budget) => {
      const text = truncate(main, budget, 'bytes');
      const blocks: unknown[] = [
        { type: 'TextBlock', text: headline, weight: 'Bolder', size: 'Medium', color: COLOURS[msg.tone], wrap: true },
      ];
      if (text.trim() !== '') blocks.push({ type: 'TextBlock', text, wrap: true });
      if (msg.facts.length > 0) blocks.push({ type: 'FactSet', facts: msg.facts.map((f) => ({ title: f.label, value: f.value })) });
      return {
        type: 'message',
        attachments: [{
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: blocks,
            msteams: { width: 'Full' },
          },
        }],
      };
    }, BODY_BUDGET, BODY_BUDGET);
    return { body, headers: { 'content-type': 'application/json' } };
  },
  // Workflows answer 202 Accepted with an empty body; failures come as 4xx.
  interpret() {
    return { ok: true };
  },
};
