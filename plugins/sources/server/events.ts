import type { AsyncParallelHook, Knex, LiveHub, Principal } from '@skyportal/sdk';
import type { SaveSourceInput, SourceSavedEvent } from '../types.js';
import { saveSource } from './store.js';

/** Saving a source, then telling others: the `sources.saved` hook and a live message per group. */
export class SourceEvents {
  constructor(
    private readonly db: Knex,
    private readonly live: LiveHub,
    readonly saved: AsyncParallelHook<[SourceSavedEvent]>,
  ) {}

  async save(user: Principal, input: SaveSourceInput): Promise<{ id: string; groupIds: number[] }> {
    const result = await saveSource(this.db, user, input);
    if (result.groupIds.length) {
      await this.saved.promise({ objId: result.id, groupIds: result.groupIds, userId: user.id });
      await Promise.all(
        result.groupIds.map((id) => this.live.publish(`group:${id}`, { type: 'sources.saved', data: { obj_id: result.id } }, { groupIds: [id] })),
      );
    }
    return result;
  }
}
