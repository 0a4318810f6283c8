import { z } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { cloudEventsBinaryPlatform, cloudEventsStructuredPlatform } from './cloudevents.ts';
import { customPlatform } from './custom.ts';
import { dingtalkPlatform } from './dingtalk.ts';
import { discordPlatform } from './discord.ts';
import { feishuPlatform } from './feishu.ts';
import { googlechatPlatform } from './googlechat.ts';
import { mattermostPlatform } from './mattermost.ts';
import { opsgeniePlatform } from './opsgenie.ts';
import { pagerdutyPlatform } from './pagerduty.ts';
import { TRANSPORT_SCHEMES, type Platform, type Transport } from './platform.ts';
import { rocketchatPlatform } from './rocketchat.ts';
import { emailPlatform } from './email.ts';
import { mqttPlatform } from './mqtt.ts';
import { natsPlatform } from './nats.ts';
import { rabbitmqPlatform } from './rabbitmq.ts';
import { redisStreamsPlatform } from './redis-streams.ts';
import { slackPlatform } from './slack.ts';
import { teamsPlatform } from './teams.ts';
import { telegramPlatform } from './telegram.ts';
import { wecomPlatform } from './wecom.ts';

/** Adding a platform: one module beside this file and one line here. */
export const PLATFORMS: readonly Platform[] = [
  customPlatform,
  slackPlatform,
  discordPlatform,
  dingtalkPlatform,
  feishuPlatform,
  wecomPlatform,
  teamsPlatform,
  mattermostPlatform,
  googlechatPlatform,
  telegramPlatform,
  rocketchatPlatform,
  pagerdutyPlatform,
  opsgeniePlatform,
  cloudEventsStructuredPlatform,
  cloudEventsBinaryPlatform,
  emailPlatform,
  natsPlatform,
  rabbitmqPlatform,
  mqttPlatform,
  redisStreamsPlatform,
];

const byId = new Map(PLATFORMS.map((p) => [p.id, p]));

export function findPlatform(id: string): Platform | undefined {
  return byId.get(id);
}

export const PLATFORM_IDS = PLATFORMS.map((p) => p.id);

/**
 * A platform id in a webhook. Unknown ids are UNKNOWN_PLATFORM for API clients (herald.yaml
 * reports them as CONFIG_INVALID, like every configuration mistake); the OpenAPI document lists the ids.
 */
export const PlatformIdSchema = z.string().refine((id) => byId.has(id), {
  error: (issue) => `unknown platform "${String(issue.input)}"; Herald knows ${PLATFORM_IDS.join(', ')}`,
  params: { code: 'UNKNOWN_PLATFORM' },
}).meta({ enum: PLATFORM_IDS } as never);

/** Whether a webhook of this platform retries on the short chat schedule when its `retry` names none. */
export function usesChatRetry(id: string): boolean {
  const platform = byId.get(id);
  if (platform === undefined) return false;
  return (platform.defaultRetry ?? (platform.heraldSignature ? 'standard' : 'chat')) === 'chat';
}

export function transportOf(platform: Platform): Transport {
  return platform.transport ?? 'http';
}

/**
 * A destination URL fits its platform: the scheme of its transport, no
 * credentials in it (they go in `auth`, which is sealed at rest and never
 * shown), and what the platform itself needs (a subject, a recipient).
 */
export function checkDestinationUrl(platformId: string, url: URL): void {
  const platform = findPlatform(platformId);
  if (platform === undefined) return;
  const schemes = TRANSPORT_SCHEMES[transportOf(platform)];
  if (!schemes.includes(url.protocol)) {
    throw new HeraldError('VALIDATION', `url: platform "${platform.id}" takes ${schemes.map((s) => `${s}//`).join(' or ')} URLs`, 'url');
  }
  if (transportOf(platform) !== 'http' && (url.username !== '' || url.password !== '')) {
    throw new HeraldError('VALIDATION', 'url: put the user name and password in `auth` (basic), which is sealed at rest, not in the URL', 'url');
  }
  // `#` starts a fragment, which no broker sees: an MQTT wildcard topic would silently lose its tail.
  if (transportOf(platform) !== 'http' && url.href.includes('#')) {
    throw new HeraldError('VALIDATION', 'url: a destination URL has no #fragment (MQTT wildcards cannot be published to)', 'url');
  }
  platform.checkUrl?.(url);
}

/** The platform's documented limit as messages a minute, the rate limiter's default; undefined: no limit. */
export function defaultRatePerMinute(platform: Platform): number | undefined {
  return platform.rate === undefined ? undefined : (platform.rate.requests * 60) / platform.rate.perSeconds;
}
