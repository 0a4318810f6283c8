import type { Clock } from '../core/clock.ts';
import { groupingOf, groupKey, type Grouping } from '../core/grouping.ts';
import { sendIntervalMs } from '../core/send-rate.ts';
import { defaultRatePerMinute, findPlatform } from '../platforms/registry.ts';
import type { Claim, Store } from '../store/store.ts';
import type { Companion, LoadedDispatch } from './dispatch-steps.ts';

/**
 * The steps between load and prepare that make a burst readable and keep to
 * the receiver's rate: wait for the group to gather (group_wait), wait for the
 * group's and the webhook's turn (group_interval, rate limit), then take the
 * group's other pending deliveries along. A delivery that must wait longer
 * than a lease allows is handed back due at its turn, with no attempt
 * recorded: it waits instead of failing.
 */
export interface GroupDeps {
  store: Store;
  clock: Clock;
  leaseMs: number;
}

/** Waits up to this long in process for a turn; a later turn hands the delivery back (the lease is 90 s). */
const MAX_IN_PROCESS_WAIT_MS = 20_000;

export interface Gathered {
  /** Undefined when the delivery was handed back to come due later. */
  dispatch: LoadedDispatch | undefined;
  /** Siblings this dispatch does not take along: the caller sends each on its own. */
  others: Claim[];
}

/**
 * `siblings`: other deliveries of the same webhook claimed in the same batch
 * (a burst recorded at once comes due at once); a group takes them along
 * like the companions it claims.
 */
export async function gatherDispatch(deps: GroupDeps, loaded: LoadedDispatch, siblings: readonly Claim[] = []): Promise<Gathered> {
  const { claim, webhook } = loaded;
  const platform = findPlatform(webhook.platform);
  // An unknown platform is refused in prepareDispatch; nothing to pace or group.
  if (platform === undefined) return { dispatch: loaded, others: [...siblings] };
  const grouping = groupingOf(webhook.grouping, !platform.heraldSignature);
  // A group of one (maxEvents 1) is no group: siblings then go on their own.
  // Only a platform that renders every event of a group is given one (Platform.rendersGroups).
  const grouped = platform.rendersGroups === true && grouping.enabled && !claim.delivery.once && grouping.maxEvents > 1;
  const dispatch = await gatherGroup(deps, loaded, { grouping: grouped ? grouping : undefined, rate: defaultRatePerMinute(platform) }, grouped ? siblings : []);
  return { dispatch, others: grouped && dispatch !== undefined ? [] : [...siblings] };
}

interface GroupPlan { grouping: Grouping | undefined; rate: number | undefined }

async function gatherGroup(deps: GroupDeps, loaded: LoadedDispatch, plan: GroupPlan, siblings: readonly Claim[]): Promise<LoadedDispatch | undefined> {
  const { store, clock } = deps;
  const { claim, webhook, event } = loaded;
  const { grouping } = plan;
  const grouped = grouping !== undefined;
  const key = grouped ? groupKey(event, grouping.by) : '';
  let now = clock.now();
  if (grouped && claim.delivery.attempts === 0 && claim.delivery.trigger === 'first') {
    const gatheredAt = claim.delivery.createdAt + grouping.waitSeconds * 1000;
    if (gatheredAt > now) return release(store, [claim], gatheredAt);
  }
  if (grouped && grouping.intervalSeconds > 0) {
    const turn = await store.reserveSendSlot(`${webhook.id}:${key}`, now, grouping.intervalSeconds * 1000, 0);
    if (!turn.granted) return release(store, [claim], turn.at);
  }
  const interval = sendIntervalMs(webhook.ratePerMinute ?? plan.rate);
  if (interval !== null) {
    const turn = await store.reserveSendSlot(webhook.id, now, interval, MAX_IN_PROCESS_WAIT_MS);
    if (!turn.granted) return release(store, [claim], turn.at);
    if (turn.at > now) await clock.sleep(turn.at - now);
    now = clock.now();
  }
  if (!grouped) return loaded;
  // Taken after the wait for the turn, so whatever arrived meanwhile joins this message.
  const room = grouping.maxEvents - 1 - siblings.length;
  const taken = [...siblings.slice(0, grouping.maxEvents - 1), ...room > 0 ? await store.claimCompanions(claim, now, room, deps.leaseMs) : []];
  const spare = siblings.slice(grouping.maxEvents - 1);
  const events = await Promise.all(taken.map((c) => c.event ?? store.getEvent(c.delivery.eventId)));
  const companions: Companion[] = [];
  const others: Claim[] = [];
  taken.forEach((c, i) => {
    const e = events[i];
    if (e !== undefined && groupKey(e, grouping.by) === key) companions.push({ claim: c, event: e });
    else others.push(c);
  });
  // Another group's deliveries go back as they were, due when they were due.
  await Promise.all([...others, ...spare].map((c) => store.releaseClaim(c, c.delivery.nextAttemptAt)));
  return { ...loaded, companions };
}

async function release(store: Store, claims: Claim[], at: number): Promise<undefined> {
  await Promise.all(claims.map((c) => store.releaseClaim(c, at)));
  return undefined;
}
