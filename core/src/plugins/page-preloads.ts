/**
 * Data a page asks for first, as plugins name it in package.json (`skyportal.preload`: page path
 * → API URLs, `:name` taken from the page's path). The server hints it on the page's own answer
 * (`Link: <url>; rel=preload; as=fetch; crossorigin`), so the browser fetches it while the app's
 * scripts download and start, instead of once the host, the plugins and the route have loaded
 * (bench/source-page: that chain was ~0.5 s before the source page asked for anything). The app's
 * own fetch of the same URL takes the preloaded answer; a URL the app no longer asks for in
 * exactly that form is fetched twice, which the e2e request counts catch.
 */

export interface PagePreload {
  plugin: string;
  /** The page's path, split: fixed segments and `:name` parameters. */
  segments: { param?: string; text?: string }[];
  urls: string[];
}

const PARAM = /^:([a-z_][a-z0-9_]*)$/i;
const PAGE_SEGMENT = /^[\w.~-]+$/;
/** Characters a hinted URL may hold: it goes into a header as it is. */
const API_URL = /^\/api\/[\w.~:/?&=,%-]*$/;

/** Checks a plugin's `skyportal.preload` (an error names the plugin and the entry). */
export function parsePagePreloads(plugin: string, value: unknown): PagePreload[] {
  if (value === undefined) return [];
  const fail = (what: string): never => {
    throw new Error(`Plugin "${plugin}": skyportal.preload ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be an object of page path → list of API URLs');
  return Object.entries(value as Record<string, unknown>).map(([page, urls]) => {
    if (!page.startsWith('/')) fail(`"${page}": a page path starts with /`);
    const segments = page
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        const param = PARAM.exec(segment)?.[1];
        if (param) return { param };
        if (!PAGE_SEGMENT.test(segment)) fail(`"${page}": "${segment}" is neither a plain segment nor a :parameter`);
        return { text: segment };
      });
    const params = new Set(segments.flatMap((s) => (s.param ? [s.param] : [])));
    if (!Array.isArray(urls) || !urls.length) fail(`"${page}": expected a list of API URLs`);
    for (const url of urls as unknown[]) {
      if (typeof url !== 'string' || !API_URL.test(url)) fail(`"${page}": ${JSON.stringify(url)} is not an /api/ URL`);
      for (const [, name] of (url as string).split('?')[0]!.matchAll(/:([a-z_][a-z0-9_]*)/gi)) {
        if (!params.has(name!)) fail(`"${page}": ${url} uses :${name}, which the page path does not have`);
      }
    }
    return { plugin, segments, urls: urls as string[] };
  });
}

/** The `Link` header value for a page path (as requested, percent-encoded), or undefined. */
export function preloadLinks(preloads: readonly PagePreload[], pagePath: string): string | undefined {
  const parts = pagePath.split('/').filter(Boolean);
  const links: string[] = [];
  for (const preload of preloads) {
    if (preload.segments.length !== parts.length) continue;
    const values = new Map<string, string>();
    const matches = preload.segments.every((segment, i) => {
      if (segment.text !== undefined) return segment.text === parts[i];
      try {
        // As the app builds it: the router decodes the segment, the API call encodes it again.
        values.set(segment.param!, encodeURIComponent(decodeURIComponent(parts[i]!)));
        return true;
      } catch {
        return false; // malformed percent-encoding: the page will not find anything either
      }
    });
    if (!matches) continue;
    for (const url of preload.urls) {
      const [route, search] = url.split('?', 2) as [string, string | undefined];
      const href = route.replace(/:([a-z_][a-z0-9_]*)/gi, (_, name: string) => values.get(name)!) + (search === undefined ? '' : `?${search}`);
      links.push(`<${href}>; rel=preload; as=fetch; crossorigin`);
    }
  }
  return links.length ? links.join(', ') : undefined;
}
