/**
 * Where a filter may be placed: a group of the caller's, on one of that group's streams, which the
 * caller may read (SkyPortal's rule: a filter is readable through its group and its stream); and
 * a group keeps a stream while one of its filters reads it.
 */
import { ApiError, coreHooks, groupStreamIds, resolveStreamIds, resolveWritableGroups, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';

export async function checkFilterPlacement(db: Knex, user: Principal, groupId: number, streamId: number): Promise<void> {
  await resolveWritableGroups(db, user, [groupId], 'group_id');
  // SkyPortal answers 401 for a stream out of the caller's reach (or none such): its clients expect it.
  await resolveStreamIds(db, user, [streamId], 'stream_id').catch((error: unknown) => {
    throw error instanceof ApiError ? new ApiError(401, `Unauthorized: ${error.message}`) : error;
  });
  // SkyPortal answers 401 when the stream is out of the group's reach.
  if (!(await groupStreamIds(db, groupId)).includes(streamId)) throw new ApiError(401, `Unauthorized: stream_id: group ${groupId} has no stream ${streamId}`);
}

/** A group's stream is not taken away while a filter of the group reads it (SkyPortal's rule and words). */
export function guardGroupStreams(hooks: PluginHooks): void {
  hooks.get(coreHooks.groupStreamRemoving).tapPromise('candidates', async ({ groupId, streamId, trx }) => {
    const used = await trx('filters').where({ group_id: groupId, stream_id: streamId }).first('id');
    if (used) throw new ApiError(400, `No stream IDs with ID ${streamId} accessible: filter ${used.id} of group ${groupId} reads it (delete the filter first)`);
  });
}
