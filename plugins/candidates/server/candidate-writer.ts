/** Recording candidates, idempotently, and announcing them when their transaction commits. */
import { badRequest, type Knex, type LiveHub } from '@skyportal/sdk';
import type { AddCandidatesInput, CandidatesAddedMessage } from '../types.js';

/** A bigint alert id as PostgreSQL takes it exactly (JavaScript numbers past 2^53 lose digits). */
function alertIdText(value: AddCandidatesInput['passingAlertId']): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'bigint' ? value.toString() : Number.isSafeInteger(value) ? String(value) : '';
  if (!/^-?\d{1,19}$/.test(text)) throw badRequest(`passing_alert_id: expected an integer, got ${JSON.stringify(String(value))}`);
  return text;
}

export class CandidateWriter {
  constructor(private readonly live: LiveHub) {}

  /**
   * One candidate per filter for the obj at `passedAt`: a passing already recorded (same obj,
   * filter and time) is found, not added twice, so concurrent and repeated ingestion agree. The
   * filters must exist (the caller has checked the user may use them).
   */
  async add(trx: Knex.Transaction, input: AddCandidatesInput): Promise<{ ids: number[] }> {
    const filterIds = [...new Set(input.filterIds)];
    if (!filterIds.length) throw badRequest('filter_ids: at least one filter is needed');
    const filters: { id: number; group_id: number }[] = await trx('filters').whereIn('id', filterIds).select('id', 'group_id');
    const missing = filterIds.filter((id) => !filters.some((filter) => filter.id === id));
    if (missing.length) throw badRequest(`filter_ids: no filter(s) ${missing.join(', ')}`);
    const passingAlertId = alertIdText(input.passingAlertId);
    const rows = filterIds.map((filter_id) => ({
      obj_id: input.objId,
      filter_id,
      passed_at: input.passedAt,
      passing_alert_id: passingAlertId,
      uploader_id: input.uploaderId,
    }));
    const added: { id: number; filter_id: number }[] = await trx('candidates')
      .insert(rows)
      .onConflict(['obj_id', 'filter_id', 'passed_at'])
      .ignore()
      .returning(['id', 'filter_id']);
    const existing: { id: number; filter_id: number }[] =
      added.length === filterIds.length
        ? []
        : await trx('candidates').where({ obj_id: input.objId, passed_at: input.passedAt }).whereIn('filter_id', filterIds).select('id', 'filter_id');
    const idOf = new Map([...existing, ...added].map((row) => [row.filter_id, row.id]));
    const ids = filterIds.map((id) => idOf.get(id)!);
    // Only what is new is announced, with the commit, to each group whose filters it passed: its
    // own filters' candidates (another group's filters are none of its business).
    const groupOf = new Map(filters.map((filter) => [filter.id, filter.group_id]));
    const byGroup = new Map<number, { id: number; filter_id: number }[]>();
    for (const row of added) byGroup.set(groupOf.get(row.filter_id)!, [...(byGroup.get(groupOf.get(row.filter_id)!) ?? []), row]);
    for (const [groupId, rowsOfGroup] of byGroup) {
      const message: CandidatesAddedMessage = {
        type: 'candidates.added',
        data: { obj_id: input.objId, filter_ids: rowsOfGroup.map((row) => row.filter_id), ids: rowsOfGroup.map((row) => row.id) },
      };
      await this.live.publish(`group:${groupId}`, message, { groupIds: [groupId] }, { transaction: trx });
    }
    return { ids };
  }
}
