import { z } from 'zod';
import { alertmanagerSender } from './alertmanager.ts';
import { githubSender } from './github.ts';
import { hmacSender } from './hmac.ts';
import type { SenderType } from './sender-type.ts';
import { standardSender } from './standard.ts';
import { tokenSender } from './token.ts';

/** Adding a sender type: one module beside this file and one line here. */
export const SENDER_TYPES = [alertmanagerSender, githubSender, hmacSender, standardSender, tokenSender] as const;

export type SourceConfig = z.infer<(typeof SENDER_TYPES)[number]['configSchema']>;

export const InboundSourceSchema = z.discriminatedUnion('type', SENDER_TYPES.map((t) => t.configSchema) as never) as unknown as z.ZodType<SourceConfig>;

export const InboundConfigSchema = z.strictObject({
  sources: z.array(InboundSourceSchema).max(200).default([])
    .refine((s) => new Set(s.map((x) => x.name)).size === s.length, 'source names must be unique'),
  /** Rejected requests kept for inspection; older ones are dropped. */
  keepRejected: z.number().int().min(0).max(100_000).default(1000),
});
export type InboundConfig = z.infer<typeof InboundConfigSchema>;

export function senderFor(config: SourceConfig): SenderType<SourceConfig> {
  return SENDER_TYPES.find((t) => t.type === config.type) as unknown as SenderType<SourceConfig>;
}
