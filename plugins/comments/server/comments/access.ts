/** Who may change or delete a comment: the one place routes ask. */
import { beyondCallerGroups, forbidden, groupSummaries, hasAcl, type Knex, type Principal } from '@skyportal/sdk';
import type { StoredComment } from './store.js';

/**
 * The author; or a holder of Manage sources (a moderator), where every group the comment is linked
 * to is theirs, single-user groups aside: seeing a comment through one group grants no say over
 * what another group reads.
 */
export async function mayChange(db: Knex, user: Principal, comment: StoredComment): Promise<void> {
  if (comment.author_id === user.id) return;
  if (!hasAcl(user, 'Manage sources')) throw forbidden('Only the author of a comment, or a holder of Manage sources, may change or delete it');
  const linked: number[] = await db('comment_groups').where({ comment_id: comment.id }).pluck('group_id');
  const personal = [...(await groupSummaries(db, linked)).values()].filter((group) => group.single_user_group).map((group) => group.id);
  const links = db('comment_groups as cg').where('cg.comment_id', comment.id).whereNotIn('cg.group_id', personal);
  if (await beyondCallerGroups(links, user, 'cg.group_id').first('cg.group_id')) {
    throw forbidden('This comment is also read by groups you are not in: only its author (or a system admin) may change it');
  }
}
