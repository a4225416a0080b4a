// @skyportal/sdk/web — what a plugin's web part may import. Shared as a singleton by the host
// and every remote, so state kept here (the WebSocket, the data cache, the loaded plugins)
// exists once per page.
export * from './types';
export * from './plugin';
export type { Query } from './http';
export * from './data';
export * from './live';
export { invalidateOnLive, followLiveChannel, liveInvalidationMiddleware } from './live-cache';
export * from './plugins-context';
export * from './slot';
export * from './format';
export { Coordinates } from './Coordinates';
export { ErrorCard, FormError, PluginErrorBoundary } from './errors';
export type { ErrorCardProps } from './errors';
