import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { startHerald } from '../herald.ts';

/** `herald serve`: runs until SIGINT/SIGTERM, then drains deliveries in flight. */
export async function runServe(argv: string[], out: (s: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'data-dir': { type: 'string' },
      'store-url': { type: 'string' },
    },
    strict: true,
  });
  const overrides: Record<string, unknown> = {};
  if (values.host !== undefined) overrides['server.host'] = values.host;
  if (values.port !== undefined) overrides['server.port'] = Number(values.port);
  if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir'];
  if (values['store-url'] !== undefined) overrides['store.url'] = values['store-url'];
  const config = loadConfig({ file: values.config, overrides });
  const herald = await startHerald(config);
  if (herald.firstRunAdminToken !== undefined) {
    out([
      '',
      `Herald is running at ${herald.url}`,
      'First run: an admin API token was created (it is also in the data directory as admin.token):',
      `  ${herald.firstRunAdminToken}`,
      `Try: curl -H "Authorization: Bearer ${herald.firstRunAdminToken}" ${herald.url}/api/v1/webhooks`,
      '',
    ].join('\n'));
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      herald.logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await herald.stop();
  return 0;
}
