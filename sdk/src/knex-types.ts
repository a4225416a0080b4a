// Re-exported so plugins type their queries without depending on knex directly.
export type { Knex } from 'knex';
