/**
 * SkyPortal's older paths for the spectra routes, which scripts still call: `/api/spectrum`,
 * `/api/spectrum/{id}`, `/api/spectrum/parse/ascii`, `/api/spectrum/ascii`, `/api/spectrum/range`.
 * Each is the same route (spec, access and handler) under a second path, so the two never drift
 * apart. The one place they are listed.
 */
import type { PluginRouter } from '@skyportal/sdk';

const ALIASES: Readonly<Record<string, string>> = {
  '/api/spectra': '/api/spectrum',
  '/api/spectra/:id': '/api/spectrum/:id',
  '/api/spectra/parse/ascii': '/api/spectrum/parse/ascii',
  '/api/spectra/ascii': '/api/spectrum/ascii',
  '/api/spectra/range': '/api/spectrum/range',
};

/** A router that registers each route also under its older path, if it has one. */
export function withSkyPortalAliases(router: PluginRouter): PluginRouter {
  const both =
    (method: keyof PluginRouter): PluginRouter[typeof method] =>
    (path, spec, handler) => {
      router[method](path, spec, handler);
      const alias = ALIASES[path];
      if (alias) router[method](alias, { ...spec, summary: `${spec.summary} (SkyPortal's older path for ${path})` }, handler);
    };
  return { get: both('get'), post: both('post'), put: both('put'), patch: both('patch'), delete: both('delete') };
}
