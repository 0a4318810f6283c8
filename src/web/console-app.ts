import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';

/**
 * Serves the built console (src/web/dist, made by `npm run build:web`):
 * files as they are, and index.html for any other page path so the
 * single-page app's URLs can be reloaded and bookmarked. Mounted at '/'
 * after everything else; it never answers under the paths other apps own,
 * so an unknown /api/v1/... path still gets the API's JSON 404.
 */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('./dist', import.meta.url));

/** Path prefixes that belong to the API and the mounted sources, never to the console. */
export const NOT_CONSOLE_PREFIXES = ['/api', '/healthz', '/readyz', '/metrics', '/hooks', '/k8s'] as const;

export interface ConsoleAppOptions {
  distDir: string;
  notConsolePrefixes?: readonly string[];
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export function createConsoleApp(opts: ConsoleAppOptions): Hono {
  const prefixes = opts.notConsolePrefixes ?? NOT_CONSOLE_PREFIXES;
  const indexPath = `${opts.distDir}/index.html`;
  const app = new Hono();
  // Created on first use, so a console built after start-up is served without a restart.
  let files: MiddlewareHandler | undefined;

  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (prefixes.some((p) => path === p || path.startsWith(`${p}/`))) return next();
    if (!existsSync(indexPath)) return c.html(NOT_BUILT_PAGE, 503, { 'retry-after': '30', 'cache-control': 'no-store' });

    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (path.startsWith('/assets/')) {
      // Vite puts a content hash in every asset name: safe to cache for good.
      files ??= serveStatic({ root: opts.distDir });
      c.header('cache-control', 'public, max-age=31536000, immutable');
      const res = await files(c, async () => {});
      return res ?? c.text('not found', 404);
    }
    if (path !== '/' && isFile(`${opts.distDir}${decodePath(path)}`)) {
      files ??= serveStatic({ root: opts.distDir });
      c.header('cache-control', 'no-cache');
      const res = await files(c, async () => {});
      if (res !== undefined) return res;
    }
    // A missing file (favicon.ico, an old asset) is a 404, not the app.
    if (/\.[a-z0-9]+$/i.test(path)) return c.text('not found', 404);
    // Any other path is a page of the app: the app's router reads the URL.
    c.header('cache-control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
  return app;
}

function decodePath(path: string): string {
  try { return decodeURIComponent(path); } catch { return path; }
}

function isFile(path: string): boolean {
  if (path.includes('..')) return false;
  try { return statSync(path).isFile(); } catch { return false; }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The Herald console has not been built</h1>
<p>The API is running at <a href="/api/v1/openapi.json">/api/v1</a>, but the web console's files are missing.</p>
<p>Build them with <code>npm run build:web</code> (<code>npm start</code> does this for you), then reload this page.</p>
</body></html>
`;
