// @skyportal/sdk/web — what a plugin's web part may import. Shared as a singleton by the host
// and every remote, so state kept here (the WebSocket) exists once per page.
export * from './types';
export * from './plugin';
export * from './api';
export * from './live';
export * from './format';
export { ErrorCard, PluginErrorBoundary } from './errors';
export type { ErrorCardProps } from './errors';
