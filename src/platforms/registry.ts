import { customPlatform } from './custom.ts';
import type { Platform } from './platform.ts';

/** Adding a platform: one module beside this file and one line here. */
export const PLATFORMS: readonly Platform[] = [
  customPlatform,
];

const byId = new Map(PLATFORMS.map((p) => [p.id, p]));

export function findPlatform(id: string): Platform | undefined {
  return byId.get(id);
}

export const PLATFORM_IDS = PLATFORMS.map((p) => p.id);
