import { Agent, request } from 'undici';
import { benchEvent } from './bench-event.ts';
import { openLoop } from './open-loop.ts';

/**
 * The bench's event producers, in their own process as real ones are
 * (Alertmanager, the API server, CI jobs): they must not spend the event loop
 * of the Herald they load. Driven over IPC by producer.ts: either `closed`
 * (N events POSTed by `concurrency` clients as fast as answered) or `open`
 * (`rate` a second for `seconds`, whatever the answers' latency).
 */
interface Job { id: number; url: string; token: string; mode: 'closed' | 'open'; n: number; concurrency: number; rate?: number; seconds?: number }

process.on('message', async (job: Job | { op: 'exit' }) => {
  if ('op' in job) process.exit(0);
  const agent = new Agent({ connections: job.concurrency * 2 });
  const post = async (i: number) => {
    const res = await request(`${job.url}/api/v1/events`, {
      method: 'POST', dispatcher: agent, body: JSON.stringify(benchEvent(i)),
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`POST /api/v1/events: ${res.statusCode} ${text}`);
  };
  const t = performance.now();
  try {
    if (job.mode === 'closed') {
      let next = 0;
      await Promise.all(Array.from({ length: job.concurrency }, async () => {
        while (next < job.n) await post(next++);
      }));
    } else {
      await openLoop(job.rate!, job.seconds!, post);
    }
    process.send!({ id: job.id, ms: performance.now() - t });
  } catch (err) {
    process.send!({ id: job.id, error: (err as Error).message });
  } finally {
    await agent.close();
  }
});
