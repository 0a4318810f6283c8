import { customPlatform } from './custom.ts';
import { dingtalkPlatform } from './dingtalk.ts';
import { discordPlatform } from './discord.ts';
import { feishuPlatform } from './feishu.ts';
import type { Platform } from './platform.ts';
import { slackPlatform } from './slack.ts';
import { teamsPlatform } from './teams.ts';
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
];

const byId = new Map(PLATFORMS.map((p) => [p.id, p]));

export function findPlatform(id: string): Platform | undefined {
  return byId.get(id);
}

export const PLATFORM_IDS = PLATFORMS.map((p) => p.id);
