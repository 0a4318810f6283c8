import type { HeraldEvent } from '../core/event.ts';

/**
 * One small interface per destination kind. A platform turns an event into the
 * request its receiver expects and reads the receiver's answer; it knows
 * nothing of the store, the queue or retries.
 */

/** What a platform needs to know about the webhook it renders for. */
export interface RenderTarget {
  url: string;
  /** The current signing secret, for platforms that sign in the URL or body (DingTalk, Feishu). */
  secret: string | null;
  template: string | null;
  /** How late this attempt is (retries, an outage); chat platforms show it from a minute on. */
  delayedMs?: number;
  /** Grouping: every event of one message, the rendered event first; absent for a single event. */
  group?: readonly HeraldEvent[];
  /** server.externalUrl, when set: messages link to the event in the console. */
  consoleUrl?: string;
}

export interface RenderedRequest {
  /** Defaults to the webhook URL; DingTalk adds its signature to the query. */
  url?: string;
  body: string;
  headers?: Record<string, string>;
}

export interface PlatformAnswer {
  ok: boolean;
  /** The platform's own message, kept in the delivery history. */
  error?: string;
}

export interface Platform {
  id: string;
  label: string;
  /**
   * True when receivers verify Herald's own signature headers
   * (X-Herald-Signature, webhook-signature); chat platforms sign their own way.
   */
  heraldSignature: boolean;
  /**
   * True when the URL itself is the credential (Slack, Discord, DingTalk,
   * Feishu, WeCom and Teams webhook URLs carry the token): viewers see it masked.
   */
  credentialUrl: boolean;
  /**
   * The receiver's documented sending limit, in requests per minute, applied
   * when a webhook sets no `ratePerMinute`; absent: no limit (custom HTTP).
   */
  defaultRatePerMinute?: number;
  /** `now` is passed in so signatures that embed a timestamp are testable. */
  render(event: HeraldEvent, target: RenderTarget, now: Date): RenderedRequest;
  /** Reads a response whose status was 2xx; platforms that report errors in a 200 body say so here. */
  interpret(statusCode: number, body: string): PlatformAnswer;
}
