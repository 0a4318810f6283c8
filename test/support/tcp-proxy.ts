import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can cut and restore, to make a real server
 * (PostgreSQL) unreachable for one client without stopping it for everyone
 * else on the machine. Cutting destroys every open connection and refuses new
 * ones, as a failed-over database or a dead network path does.
 */
export interface TcpProxy {
  port: number;
  /** Client connections accepted so far, and those open now (a pooled client holds one). */
  accepted(): number;
  open(): number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const clients = new Set<Socket>();
  let down = false;
  let accepted = 0;
  const server: Server = createServer((inbound) => {
    if (down) { inbound.destroy(); return; }
    accepted++;
    clients.add(inbound);
    inbound.on('close', () => clients.delete(inbound));
    const outbound = createConnection({ host, port });
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => { inbound.destroy(); outbound.destroy(); });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    port: address.port,
    accepted: () => accepted,
    open: () => clients.size,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() { down = false; },
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
