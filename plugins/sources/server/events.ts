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

  async save(user: Principal, input: SaveSourceInput): Promise<SaveSourceResult> {
    // Other plugins call this through the service, past any route's schema: the same rules apply.
    const result = await saveSource(this.db, user, inputs.parseOrBadRequest(saveSourceBody, input, 'source'), this.principals);
    if (result.groupIds.length) {
      await this.saved.promise({ objId: result.id, groupIds: result.groupIds, userId: user.id });
      await this.live.publishToGroups(result.groupIds, { type: 'sources.saved', data: { obj_id: result.id } });
    }
    return result;
  }
}
