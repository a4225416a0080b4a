import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Context, Next } from 'koa';
import send from 'koa-send';

const require = createRequire(import.meta.url);

/** webpack's `[contenthash:8]` in a file name: the content never changes under that name. */
const HASHED = /\.[0-9a-f]{8,}\./;

/**
 * Hashed chunks are cached for a year without revalidation. Everything else (remoteEntry.js,
 * main.js, index.html: they keep their names across builds) is `no-cache`: revalidated on every
 * load, and answered with an empty 304 while unchanged, so a rebuilt plugin is picked up at once.
 */
async function sendAsset(ctx: Context, file: string, root: string): Promise<void> {
  const immutable = HASHED.test(file);
  if (!immutable) ctx.set('Cache-Control', 'no-cache');
  await send(ctx, file, { root, immutable, maxage: immutable ? 365 * 86400_000 : 0 });
  if (!immutable && ctx.fresh) ctx.status = 304; // drops the body
}

/** `/plugins/<name>/...` from each plugin's built web remote. */
export function pluginAssets(webDirs: Map<string, string>) {
  return async (ctx: Context, next: Next) => {
    const match = /^\/plugins\/([a-z][a-z0-9-]*)\/(.+)$/.exec(ctx.path);
    const root = match && webDirs.get(match[1]!);
    if (!match || !root || !['GET', 'HEAD'].includes(ctx.method)) return next();
    try {
      await sendAsset(ctx, match[2]!, root);
    } catch {
      ctx.status = 404;
      ctx.body = `No ${ctx.path}`;
    }
  };
}

/** The host app at `/`, with index.html for every page path so client-side routes load. */
export function hostApp(dir: string | undefined) {
  const root = dir && existsSync(path.join(dir, 'index.html')) ? path.resolve(dir) : undefined;
  return async (ctx: Context, next: Next) => {
    if (!['GET', 'HEAD'].includes(ctx.method) || ctx.path.startsWith('/api/') || ctx.path === '/websocket') return next();
    if (!root) {
      if (ctx.path !== '/') return next();
      ctx.type = 'text/plain';
      ctx.body = 'SkyPortal API is running. The web app is not built: run `npm run build:web`. API docs: /api/docs';
      return;
    }
    const file = ctx.path.slice(1);
    if (file && !file.endsWith('/') && existsSync(path.join(root, file))) {
      await sendAsset(ctx, file, root);
      return;
    }
    if (path.extname(file)) return next(); // a missing asset is a 404, not the page
    await sendAsset(ctx, 'index.html', root);
  };
}

/** Swagger UI for /api/openapi.json at /api/docs. */
export function apiDocs() {
  const root = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>SkyPortal API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`;
  const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });`;
  return async (ctx: Context, next: Next) => {
    if (ctx.path === '/api/docs' || ctx.path === '/api/docs/') {
      ctx.type = 'html';
      ctx.body = page;
    } else if (ctx.path === '/api/docs/assets/init.js') {
      ctx.type = 'application/javascript';
      ctx.body = init;
    } else if (ctx.path.startsWith('/api/docs/assets/')) {
      await send(ctx, ctx.path.slice('/api/docs/assets/'.length), { root });
    } else {
      await next();
    }
  };
}
