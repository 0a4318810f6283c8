import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; value: T };

/** Runs `load` when its dependencies change; `reload` runs it again. Late answers of stale runs are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void, (value: T) => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const run = useCallback(load, deps);

  useEffect(() => {
    let live = true;
    run().then(
      (value) => { if (live) setResult({ state: 'ready', value }); },
      (error: unknown) => { if (live) setResult({ state: 'error', error }); },
    );
    return () => { live = false; };
  }, [run, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((value: T) => setResult({ state: 'ready', value }), []);
  return [result, reload, set];
}
