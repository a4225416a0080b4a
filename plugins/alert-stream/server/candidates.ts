/**
 * Filters and candidates (the candidates plugin): which filters of the stream an alert passes, and
 * their candidates. Until that plugin is on the site, an alert makes no candidate.
 */
import type { Knex } from '@skyportal/sdk';
import type { Alert } from '../types.js';

export interface CandidatesLink {
  /** Candidates of the alert's obj for each filter of `streamId` it passes (idempotent); their ids. */
  addPassing(trx: Knex.Transaction, input: { streamId: number | null; alert: Alert; uploaderId: number }): Promise<number[]>;
}

export const noCandidates: CandidatesLink = { addPassing: async () => [] };
