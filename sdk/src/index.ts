export * from './errors.js';
// SkyPortal's own status codes and wordings where its clients check them (one module).
export * as compat from './compat.js';
export * from './access.js';
export * from './plugin.js';
export * from './refs.js';
export * from './core-refs.js';
export * from './hooks.js';
export * from './live.js';
export * from './routes.js';
export * from './pagination.js';
// Schema building blocks for inputs (ids, text, numbers in range, dates): `inputs.dbId`, `inputs.name(200)`, ...
export * as inputs from './inputs.js';
export type { Knex } from './knex-types.js';
export type { Logger } from 'pino';
export { z } from 'zod';
export * from './groups.js';
export * from './streams.js';
export * from './db.js';
export * from './json.js';
export * from './environment.js';
