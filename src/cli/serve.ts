import { parseArgs } from 'node:util';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.ts';
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
  const overrides: NonNullable<LoadConfigOptions['overrides']> = {};
  if (values.host !== undefined) overrides['server.host'] = { value: values.host, origin: '--host' };
  if (values.port !== undefined) overrides['server.port'] = { value: Number(values.port), origin: '--port' };
  if (values['data-dir'] !== undefined) overrides.dataDir = { value: values['data-dir'], origin: '--data-dir' };
  if (values['store-url'] !== undefined) overrides['store.url'] = { value: values['store-url'], origin: '--store-url' };
  const config = loadConfig({ file: values.config, overrides });
  const herald = await startHerald(config);
  const first = herald.firstRun;
  if (first !== undefined) {
    out([
      '',
      `Herald is running at ${herald.url}`,
      'First run: created the admin user. Sign in to the console with',
      `  URL:      ${herald.url}/`,
      `  username: ${first.username}`,
      `  password: ${first.password}`,
      first.passwordFile === undefined
        ? 'The password is shown only here: store it now, then change it (PUT /api/v1/users/<id>).'
        : `The password is also in ${first.passwordFile} (readable only by you); change it once signed in.`,
      ...(first.tokenFile === undefined ? [] : [
        `An admin API token for the CLI and scripts is in ${first.tokenFile}:`,
        `  curl -H "Authorization: Bearer $(cat ${first.tokenFile})" ${herald.url}/api/v1/webhooks`,
      ]),
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
