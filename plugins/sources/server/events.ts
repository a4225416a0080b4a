import { inputs, type HookOf, type Knex, type LiveHub, type Principal, type PrincipalLookup } from '@skyportal/sdk';
import type { SaveSourceInput, SaveSourceResult, sourcesHooks } from '../types.js';
import { saveSource } from './store.js';
import { saveSourceBody } from './inputs.js';

/** Saving a source, then telling others: the `sources.saved` hook and a live message per group. */
export class SourceEvents {
  constructor(
    private readonly db: Knex,
    private readonly live: LiveHub,
    readonly saved: HookOf<typeof sourcesHooks.saved>,
    private readonly principals: PrincipalLookup,
  ) {}

  /**
   * With `trx`, the saving is part of the caller's transaction: its live messages go with the
   * commit and the hook is called after it (nothing on a rollback).
   */
  async save(user: Principal, input: SaveSourceInput, trx?: Knex.Transaction): Promise<SaveSourceResult> {
    // Other plugins call this through the service, past any route's schema: the same rules apply.
    const result = await saveSource(trx ?? this.db, user, inputs.parseOrBadRequest(saveSourceBody, input, 'source'), this.principals);
    if (!result.groupIds.length) return result;
    const announce = () => this.saved.promise({ objId: result.id, groupIds: result.groupIds, userId: user.id });
    const message = { type: 'sources.saved', data: { obj_id: result.id } };
    if (trx) {
      await this.live.publishToGroups(result.groupIds, message, { transaction: trx });
      trx.executionPromise.then(announce, () => undefined);
    } else {
      await announce();
      await this.live.publishToGroups(result.groupIds, message);
    }
    return result;
  }
}
