import { Receiver } from './support/receiver.ts';
import { Producer } from './support/producer.ts';
import { endToEnd } from './support/herald-runs.ts';
const receiver = await Receiver.start();
const producer = Producer.start();
const r = await endToEnd(producer, receiver, Number(process.env.BENCH_N ?? 5000), 32, process.env.PG === '1');
console.log(r);
await receiver.close(); await producer.close();
