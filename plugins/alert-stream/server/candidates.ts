/**
 * Filters and candidates (the candidates plugin): the filters of the alert's stream whose
 * conditions its packet passes (`evaluateConditions`, the plugin's one evaluator), and a candidate
 * of each, idempotent on (obj, filter, passed_at): passed_at is the detection's time, so
 * re-ingesting makes no second candidate. A passing filter with `autosave` also saves the obj to
 * its group, in the alert's transaction, saved by the ingest account (as SkyPortal's ingestion
 * honours the filter's autosave).
 */
import type { Knex, Principal } from '@skyportal/sdk';
import { evaluateConditions } from '@skyportal/plugin-candidates/conditions';
import type { CandidatesService } from '@skyportal/plugin-candidates/types';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { Alert } from '../types.js';

export interface CandidatesLink {
  /** Candidates of the alert's obj for each filter of `streamId` it passes; their ids. */
  addPassing(trx: Knex.Transaction, input: { streamId: number; alert: Alert; uploader: Principal }): Promise<number[]>;
}

export function candidatesLink(candidates: CandidatesService, sources: SourcesService): CandidatesLink {
  return {
    async addPassing(trx, { streamId, alert, uploader }) {
      const filters = await candidates.filtersForStream(trx, streamId);
      const passing = filters.filter((filter) => evaluateConditions(filter.conditions, alert.fields));
      if (!passing.length) return [];
      const { ids } = await candidates.add(trx, {
        objId: alert.objId,
        filterIds: passing.map((filter) => filter.id),
        passedAt: alert.observedAt,
        passingAlertId: alert.candid,
        uploaderId: uploader.id,
      });
      const autosaveGroupIds = [...new Set(passing.filter((filter) => filter.autosave).map((filter) => filter.groupId))];
      if (autosaveGroupIds.length) await sources.saveSource(uploader, { id: alert.objId, group_ids: autosaveGroupIds }, { trx });
      return ids;
    },
  };
}
