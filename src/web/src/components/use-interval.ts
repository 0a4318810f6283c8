import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while mounted (and `active`), always the latest `tick`. */
export function useInterval(tick: () => void, ms: number, active = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
}
