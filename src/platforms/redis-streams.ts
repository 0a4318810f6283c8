import { badUrl, busPlatform } from './bus-message.ts';

/**
 * Redis Streams: `redis://host:6379/<db>?stream=<key>&maxLen=<n>`. One `XADD`
 * per event with `MAXLEN ~ n` (default 10000), so the stream stays bounded
 * without Redis trimming on every add; the entry id Redis answers is the
 * confirmation. Entry fields: `id` (the delivery id), `content-type`, `data`.
 */
export const DEFAULT_STREAM_MAXLEN = 10_000;

export interface RedisStreamTarget { db: number; stream: string; maxLen: number }

export function redisStreamTarget(url: URL): RedisStreamTarget {
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) throw badUrl('the path of a Redis URL is the database number, e.g. redis://redis:6379/0?stream=herald');
  const stream = url.searchParams.get('stream') ?? '';
  if (stream === '') throw badUrl('a Redis Streams destination needs ?stream=<key>');
  const maxLenText = url.searchParams.get('maxLen');
  const maxLen = maxLenText === null ? DEFAULT_STREAM_MAXLEN : Number(maxLenText);
  if (!Number.isInteger(maxLen) || maxLen < 1) throw badUrl('maxLen must be a whole number of entries, at least 1');
  return { db, stream, maxLen };
}

export const redisStreamsPlatform = busPlatform({ id: 'redis-streams', label: 'Redis Streams (CloudEvents)', transport: 'redis', checkUrl: redisStreamTarget });
