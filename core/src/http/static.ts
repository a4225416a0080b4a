import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Context, Next } from 'koa';
import send from 'koa-send';
import { preloadLinks, type PagePreload } from '../plugins/page-preloads.js';

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

/** What a built file may be called: webpack's names, in folders. */
const ASSET_PATH = /^[\w@~-][\w.@~-]*(\/[\w@~-][\w.@~-]*)*$/;

/**
 * The file under `root` that a request's path names, or undefined. Decided from the name alone
 * before the disk is asked: a path that could leave the web root (`..`, an encoded slash, a
 * backslash, NUL) is "no such file" without a lookup, so a file outside the root and a file that
 * does not exist get the same answer — the difference told an outsider which files the server has.
 */
export function assetUnder(root: string, relative: string): string | undefined {
  if (!ASSET_PATH.test(relative) || relative.split('/').some((segment) => /^\.+$/.test(segment))) return undefined;
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return undefined;
  try {
    return statSync(full).isFile() ? relative : undefined;
  } catch {
    return undefined;
  }
}

/** `/plugins/<name>/...` from each plugin's built web remote. */
export function pluginAssets(webDirs: Map<string, string>) {
  const roots = new Map([...webDirs].map(([name, dir]) => [name, path.resolve(dir)]));
  return async (ctx: Context, next: Next) => {
    const match = /^\/plugins\/([a-z][a-z0-9-]*)\/(.+)$/.exec(ctx.path);
    const root = match && roots.get(match[1]!);
    if (!match || !root || !['GET', 'HEAD'].includes(ctx.method)) return next();
    const asset = assetUnder(root, match[2]!);
    try {
      if (!asset) throw new Error('no such asset');
      await sendAsset(ctx, asset, root);
    } catch {
      ctx.status = 404;
      ctx.body = `No ${ctx.path}`;
    }
  };
}

/**
 * The host app at `/`, with index.html for every page path so client-side routes load; the page's
 * first API answers (plugins' `skyportal.preload`) hinted in a `Link` header beside it.
 */
export function hostApp(dir: string | undefined, preloads: readonly PagePreload[] = []) {
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
    const asset = file ? assetUnder(root, file) : undefined;
    if (asset) {
      await sendAsset(ctx, asset, root);
      return;
    }
    if (path.extname(file)) return next(); // a missing asset is a 404, not the page
    const links = preloadLinks(preloads, ctx.path);
    if (links) ctx.set('Link', links);
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
      const asset = assetUnder(root, ctx.path.slice('/api/docs/assets/'.length));
      // Anything else is the API's 404, as for any path that names nothing.
      if (asset) await send(ctx, asset, { root });
      else await next();
    } else {
      await next();
    }
  };
}
