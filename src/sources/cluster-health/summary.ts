import type { Problem } from './problem.ts';

/**
 * The line a person would write about a problem: what is wrong with which
 * object, in which cluster, how often. Kubernetes' own message follows the
 * reason where it adds something (a scheduler's "0/3 nodes are available…").
 */

const MAX_MESSAGE = 300;

export function problemSummary(p: Problem, cluster: string): string {
  const who = `${subject(p)} in cluster ${cluster}`;
  const msg = p.message === '' ? '' : `: ${clip(p.message)}`;
  switch (p.reason) {
    case 'CrashLoopBackOff': return `${who} is CrashLoopBackOff (restarted ${plural(p.restarts ?? p.count, 'time')})`;
    case 'OOMKilled': return `${who} was OOMKilled${msg}${p.restarts ? ` (restarted ${plural(p.restarts, 'time')})` : ''}`;
    case 'ImagePullBackOff': case 'ErrImagePull': case 'InvalidImageName':
      return `${who} cannot pull its image (${p.reason})${msg}${times(p)}`;
    case 'FailedScheduling': return `${who} cannot be scheduled${msg}${times(p)}`;
    case 'Evicted': return `${who} was evicted${msg}`;
    case 'Unhealthy': return `${who} fails a probe${msg}${times(p)}`;
    case 'FailedMount': case 'FailedAttachVolume': return `${who} cannot mount a volume${msg}${times(p)}`;
    case 'BackOff': return `${who} is backing off${msg}${times(p)}`;
    case 'NotReady': return `${who} is NotReady${msg}`;
    case 'MemoryPressure': case 'DiskPressure': case 'PIDPressure': case 'NetworkUnavailable':
      return `${who} has ${p.reason}${msg}`;
    case 'BackoffLimitExceeded': case 'DeadlineExceeded': case 'PodFailurePolicy': return `${who} failed (${p.reason})${msg}`;
    default: return `${who}: ${p.reason}${msg}${times(p)}`;
  }
}

/** One line for a recovery, naming what it recovered from. */
export function resolvedSummary(kind: string, namespace: string, name: string, cluster: string, over: readonly Problem[]): string {
  const who = `${subject({ kind, namespace, name })} in cluster ${cluster}`;
  const state = kind === 'Pod' || kind === 'Node' ? 'is Ready again' : 'recovered';
  const reasons = [...new Set(over.map((p) => p.reason))].sort().join(', ');
  const restarts = Math.max(0, ...over.map((p) => p.restarts ?? 0));
  return `${who} ${state} (was ${reasons}${restarts > 0 ? `; restarted ${plural(restarts, 'time')}` : ''})`;
}

function subject(p: Pick<Problem, 'kind' | 'namespace' | 'name'>): string {
  return `${p.kind} ${p.namespace === '' ? '' : `${p.namespace}/`}${p.name}`;
}

function times(p: Problem): string {
  if (p.count <= 1) return '';
  return ` (${p.count} times since ${p.firstSeen.slice(11, 16)} UTC)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_MESSAGE ? one : `${one.slice(0, MAX_MESSAGE - 1)}…`;
}
