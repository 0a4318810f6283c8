/** Calls `send(i)` `rate` times a second for `seconds`, on schedule: a slow system gets no breather. */
export async function openLoop(rate: number, seconds: number, send: (i: number) => Promise<void>): Promise<number> {
  const total = rate * seconds;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let i = 0;
  while (i < total) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate) + 1;
    while (i < Math.min(due, total)) pending.push(send(i++));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return total;
}
