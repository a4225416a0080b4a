/** Comments as stored, read through the caller's groups, and written in one transaction each. */
import { scopeToGroups, userSummaries, type Knex, type Principal, linkedGroups } from '@skyportal/sdk';
import type { Comment, CommentResource } from '../../types.js';
import type { CommentTarget } from './targets.js';

export interface StoredComment {
  id: number;
  obj_id: string;
  spectrum_id: number | null;
  text: string;
  author_id: number;
  bot: boolean;
  attachment_name: string | null;
  attachment_size: number | null;
  created_at: Date;
  modified: Date;
}

const COLUMNS = ['c.id', 'c.obj_id', 'c.spectrum_id', 'c.text', 'c.author_id', 'c.bot', 'c.attachment_name', 'c.attachment_size', 'c.created_at', 'c.modified'];

/** The comments (`comments as c`) linked to one of the caller's groups: the one rule for reading them. */
export const visibleComments = (db: Knex, user: Principal) =>
  scopeToGroups(db('comments as c'), user, { via: { table: 'comment_groups', foreignKey: 'comment_id', rowId: 'c.id' } });

/** The comments of one subject the caller may read, newest first. */
export function commentsOf(db: Knex, user: Principal, target: CommentTarget) {
  const query = visibleComments(db, user).select(COLUMNS).where('c.obj_id', target.objId);
  if (target.spectrumId === null) query.whereNull('c.spectrum_id');
  else query.where('c.spectrum_id', target.spectrumId);
  return query.orderBy([
    { column: 'c.created_at', order: 'desc' },
    { column: 'c.id', order: 'desc' },
  ]) as Knex.QueryBuilder<StoredComment, StoredComment[]>;
}

/** One comment, if it is linked to one of the caller's groups (whether its subject is visible is the caller's next question). */
export async function visibleComment(db: Knex, user: Principal, id: number): Promise<StoredComment | undefined> {
  return visibleComments(db, user).select(COLUMNS).where('c.id', id).first();
}

/** Every group a comment is linked to (for a live message's audience and the edit rule, never for answers). */
export async function groupIdsOf(db: Knex, commentId: number): Promise<number[]> {
  return db('comment_groups').where({ comment_id: commentId }).pluck('group_id');
}

/** Comments as SkyPortal answers them, with their author and the groups the caller may know of. */
export async function serializeComments(db: Knex, user: Principal, rows: StoredComment[], resource: CommentResource): Promise<Comment[]> {
  if (!rows.length) return [];
  const [groups, authors] = await Promise.all([
    linkedGroups(
      db,
      user,
      { table: 'comment_groups', recordColumn: 'comment_id' },
      rows.map((row) => row.id),
    ),
    userSummaries(
      db,
      rows.map((row) => row.author_id),
    ),
  ]);
  return rows.map((row) => ({
    ...row,
    created_at: row.created_at as unknown as string,
    modified: row.modified as unknown as string,
    author: authors.get(row.author_id) ?? null,
    groups: groups.get(row.id) ?? [],
    resourceType: resource,
  }));
}

export interface NewComment {
  target: CommentTarget;
  text: string;
  authorId: number;
  bot: boolean;
  groupIds: number[];
  attachment?: { name: string; bytes: Buffer };
}

/**
 * An identical comment already there (same subject, author, text, origin, groups, no attachment):
 * SkyPortal answers a repeated post with it, so a script that retries does not comment twice.
 */
export async function sameComment(db: Knex, user: Principal, comment: NewComment): Promise<number | undefined> {
  if (comment.attachment) return undefined;
  const query = visibleComments(db, user)
    .where({ 'c.obj_id': comment.target.objId, 'c.author_id': comment.authorId, 'c.text': comment.text, 'c.bot': comment.bot })
    .whereNull('c.attachment_name')
    .whereRaw('ARRAY(SELECT cg.group_id FROM comment_groups cg WHERE cg.comment_id = c.id ORDER BY 1) = ?::integer[]', [
      [...comment.groupIds].sort((a, b) => a - b),
    ]);
  if (comment.target.spectrumId === null) query.whereNull('c.spectrum_id');
  else query.where('c.spectrum_id', comment.target.spectrumId);
  return (await query.first('c.id'))?.id;
}

export async function insertComment(db: Knex, comment: NewComment): Promise<number> {
  return db.transaction(async (trx) => {
    const [{ id }] = await trx('comments')
      .insert({
        obj_id: comment.target.objId,
        spectrum_id: comment.target.spectrumId,
        text: comment.text,
        author_id: comment.authorId,
        bot: comment.bot,
        attachment_name: comment.attachment?.name ?? null,
        attachment_size: comment.attachment?.bytes.length ?? null,
      })
      .returning('id');
    await trx('comment_groups').insert(comment.groupIds.map((group_id) => ({ comment_id: id, group_id })));
    if (comment.attachment) await trx('comment_attachments').insert({ comment_id: id, bytes: comment.attachment.bytes });
    return id as number;
  });
}

export interface CommentChange {
  text?: string;
  groupIds?: number[];
  attachment?: { name: string; bytes: Buffer };
}

export async function updateComment(db: Knex, id: number, change: CommentChange): Promise<void> {
  await db.transaction(async (trx) => {
    const columns: Record<string, unknown> = { modified: trx.fn.now() };
    if (change.text !== undefined) columns.text = change.text;
    if (change.attachment) Object.assign(columns, { attachment_name: change.attachment.name, attachment_size: change.attachment.bytes.length });
    await trx('comments').where({ id }).update(columns);
    if (change.groupIds) {
      await trx('comment_groups').where({ comment_id: id }).delete();
      await trx('comment_groups').insert(change.groupIds.map((group_id) => ({ comment_id: id, group_id })));
    }
    if (change.attachment) {
      await trx('comment_attachments').insert({ comment_id: id, bytes: change.attachment.bytes }).onConflict('comment_id').merge();
    }
  });
}

export async function deleteComment(db: Knex, id: number): Promise<void> {
  await db('comments').where({ id }).delete();
}

export async function attachmentBytes(db: Knex, id: number): Promise<Buffer | undefined> {
  return (await db('comment_attachments').where({ comment_id: id }).first('bytes'))?.bytes;
}
