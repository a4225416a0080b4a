/**
 * Where a filter may be placed: a group of the caller's, on one of that group's streams the caller
 * may read (SkyPortal's rule: a filter is readable through its group and its stream).
 */
import { ApiError, resolveWritableGroups, type Knex, type Principal } from '@skyportal/sdk';

export class StreamRules {
  async checkFilterPlacement(db: Knex, user: Principal, groupId: number, streamId: number): Promise<void> {
    await resolveWritableGroups(db, user, [groupId], 'group_id');
    // Core's streams (group_streams) are read here until the SDK offers them; before core has
    // streams there is nothing to check.
    const { rows } = await db.raw("SELECT to_regclass('group_streams') IS NOT NULL AS present");
    if (!rows[0]?.present) return;
    const linked = await db('group_streams').where({ group_id: groupId, stream_id: streamId }).first('stream_id');
    // SkyPortal answers 401 when the stream is out of the caller's reach.
    if (!linked) throw new ApiError(401, `Unauthorized: stream_id: group ${groupId} has no stream ${streamId}`);
    const streamIds = (user as Principal & { streamIds?: readonly number[] }).streamIds;
    if (!user.isSystemAdmin && streamIds && !streamIds.includes(streamId)) {
      throw new ApiError(401, `Unauthorized: stream_id: you have no access to stream ${streamId}`);
    }
  }
}
