import { z } from 'zod';
import { customPlatform } from './custom.ts';
import { dingtalkPlatform } from './dingtalk.ts';
import { discordPlatform } from './discord.ts';
import { feishuPlatform } from './feishu.ts';
import { googlechatPlatform } from './googlechat.ts';
import { mattermostPlatform } from './mattermost.ts';
import { opsgeniePlatform } from './opsgenie.ts';
import { pagerdutyPlatform } from './pagerduty.ts';
import type { Platform } from './platform.ts';
import { rocketchatPlatform } from './rocketchat.ts';
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
