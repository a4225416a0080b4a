/**
 * Filters and candidates (the candidates plugin): the filters of the alert's stream whose
 * conditions its packet passes (`evaluateConditions`, the plugin's one evaluator), and a candidate
 * of each, idempotent on (obj, filter, passed_at): passed_at is the detection's time, so
 * re-ingesting makes no second candidate.
 */
import type { Knex } from '@skyportal/sdk';
import { evaluateConditions } from '@skyportal/plugin-candidates/conditions';
import type { CandidatesService } from '@skyportal/plugin-candidates/types';
import type { Alert } from '../types.js';

export interface CandidatesLink {
  /** Candidates of the alert's obj for each filter of `streamId` it passes; their ids. */
  addPassing(trx: Knex.Transaction, input: { streamId: number; alert: Alert; uploaderId: number }): Promise<number[]>;
}

export function candidatesLink(candidates: CandidatesService): CandidatesLink {
  return {
    async addPassing(trx, { streamId, alert, uploaderId }) {
      const filters = await candidates.filtersForStream(trx, streamId);
      const passing = filters.filter((filter) => evaluateConditions(filter.conditions, alert.fields)).map((filter) => filter.id);
      if (!passing.length) return [];
      const { ids } = await candidates.add(trx, {
        objId: alert.objId,
        filterIds: passing,
        passedAt: alert.observedAt,
        passingAlertId: alert.candid,
        uploaderId,
      });
      return ids;
    },
  };
}
