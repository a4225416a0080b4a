export * from './errors.js';
export * from './access.js';
export * from './plugin.js';
export * from './hooks.js';
export * from './live.js';
export * from './routes.js';
export * from './pagination.js';
export type { Knex } from './knex-types.js';
export { z } from 'zod';
