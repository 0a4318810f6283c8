import { flushCompileCache } from 'node:module';
import { parseArgs } from 'node:util';
import type { LoadConfigOptions } from '../config/load-config.ts';
import { isHeraldError } from '../core/errors.ts';
import type { Herald } from '../herald.ts';
import type { Command, Io } from './command.ts';
import { EXIT } from './exit-codes.ts';

const HELP = `usage: herald serve [options]

Run the Herald server: the REST API, the console, the sources and the dispatcher, until SIGINT or
SIGTERM, then drain the deliveries in flight. The store is embedded SQLite in the data directory
unless store.url names PostgreSQL. Settings come from herald.yaml (or --config), then HERALD_*
variables, then these flags (docs/configuration.md).

options:
  -c, --config FILE     the config file (HERALD_CONFIG; default ./herald.yaml when present)
      --host HOST       address to listen on (server.host, HERALD_HOST; default 127.0.0.1)
  -p, --port N          port (server.port, HERALD_PORT; default 8080; 0 picks a free one)
      --data-dir DIR    where SQLite, keys and the first-run credentials live (dataDir, HERALD_DATA_DIR; default ./data)
      --store-url URL   sqlite:PATH or postgres://… (store.url, HERALD_STORE_URL)
  -h, --help            show this help

Exits 2, with one line naming the setting, when it cannot start (docs/errors.md).
`;

/** `herald serve`: runs until SIGINT/SIGTERM, then drains deliveries in flight. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the Herald server (embedded SQLite store unless store.url says otherwise)',
  run: runServe,
};

async function runServe(argv: string[], io: Io): Promise<number> {
  const out = io.out;
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'data-dir': { type: 'string' },
      'store-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) { out(HELP); return EXIT.ok; }
  const overrides: NonNullable<LoadConfigOptions['overrides']> = {};
  if (values.host !== undefined) overrides['server.host'] = { value: values.host, origin: '--host' };
  if (values.port !== undefined) overrides['server.port'] = { value: Number(values.port), origin: '--port' };
  if (values['data-dir'] !== undefined) overrides.dataDir = { value: values['data-dir'], origin: '--data-dir' };
  if (values['store-url'] !== undefined) overrides['store.url'] = { value: values['store-url'], origin: '--store-url' };
  // Loaded here, not at the top: the client commands would otherwise load the whole server to start.
  const [{ loadConfig }, { startHerald }] = await Promise.all([import('../config/load-config.ts'), import('../herald.ts')]);
  let herald: Herald;
  try {
    herald = await startHerald(loadConfig({ file: values.config, overrides }));
  } catch (err) {
    // Whatever stops the start (a setting, a store its URL cannot open, a port in use) is fixed by
    // changing the configuration, so it is exit status 2 whatever its code.
    if (!isHeraldError(err)) throw err;
    io.err(`herald: ${err.message}\n`);
    return EXIT.usage;
  }
  // Written now, not at exit: a server killed before it exits would leave its start uncached (bin/compile-cache.js).
  flushCompileCache();
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
    ].join('\n') + '\n');
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
