import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { apiClient, table } from './api-client.ts';

/**
 * `herald webhooks …`: a thin client of the REST API, for scripts and
 * terminals. It talks to a running Herald (HERALD_URL, default
 * http://127.0.0.1:8080) with HERALD_TOKEN or ./data/admin.token.
 */
const USAGE = `usage: herald webhooks <list|get ID|create|update ID|delete ID|test ID|deliveries ID> [options]
  --server URL   Herald's address (HERALD_URL, default http://127.0.0.1:8080)
  --token TOKEN  API token (HERALD_TOKEN, default: the contents of ./data/admin.token)
  --file FILE    create/update: the webhook as YAML or JSON (see the API's schema)
  --name N --platform P --url U --secret S   create/update without a file
  --json         print raw JSON instead of a table`;

export async function runWebhooks(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      server: { type: 'string' }, token: { type: 'string' }, file: { type: 'string' },
      name: { type: 'string' }, platform: { type: 'string' }, url: { type: 'string' }, secret: { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, id] = positionals;
  if (values.help === true || action === undefined) {
    out(USAGE);
    return values.help === true ? 0 : 2;
  }
  const call = apiClient({ server: values.server, token: values.token });
  const needId = (): string => {
    if (id === undefined) throw new HeraldError('CONFIG_INVALID', `herald webhooks ${action} needs a webhook id`);
    return id;
  };
  const spec = (): Record<string, unknown> => {
    const fromFile = values.file === undefined ? {} : parseYaml(readFileSync(values.file, 'utf8')) as Record<string, unknown>;
    const flags = Object.fromEntries(Object.entries({ name: values.name, platform: values.platform, url: values.url, secret: values.secret })
      .filter(([, v]) => v !== undefined));
    return { ...fromFile, ...flags };
  };
  const print = (value: unknown) => out(JSON.stringify(value, null, 2));

  switch (action) {
    case 'list': {
      const { items } = await call('GET', '/webhooks');
      if (values.json === true) print(items);
      else out(table(items.map((w: any) => [w.id, w.name, w.platform, w.enabled ? (w.disabledReason ?? 'enabled') : `disabled${w.disabledReason ? `: ${w.disabledReason}` : ''}`, w.url])));
      return 0;
    }
    case 'get': print(await call('GET', `/webhooks/${needId()}`)); return 0;
    case 'create': print(await call('POST', '/webhooks', spec())); return 0;
    case 'update': print(await call('PUT', `/webhooks/${needId()}`, spec())); return 0;
    case 'delete': await call('DELETE', `/webhooks/${needId()}`); out(`deleted ${id}`); return 0;
    case 'test': {
      const r = await call('POST', `/webhooks/${needId()}/test`);
      if (values.json === true) print(r);
      else out(`${r.ok ? 'ok' : 'FAILED'}: ${r.attempt?.statusCode ?? '-'} ${r.attempt?.error ?? ''} ${(r.attempt?.responseBody ?? '').slice(0, 200)}`.trim());
      return r.ok ? 0 : 1;
    }
    case 'deliveries': {
      const { items } = await call('GET', `/webhooks/${needId()}/deliveries`);
      if (values.json === true) print(items);
      else out(table(items.map((d: any) => [d.id, d.status, String(d.attempts), String(d.lastStatusCode ?? '-'), d.createdAt, d.lastError ?? ''])));
      return 0;
    }
    default:
      throw new HeraldError('CONFIG_INVALID', `unknown action "${action}"\n${USAGE}`);
  }
}

