/**
 * SkyPortal's comment routes, the same for sources and spectra:
 * `GET/POST /api/<resource>/{id}/comments`, `GET/PUT/DELETE /api/<resource>/{id}/comments/{comment_id}`
 * and `GET .../attachment`. A comment is read through its groups and only where its subject may be
 * seen; a comment the caller cannot read answers as SkyPortal's "not found", a 403.
 */
import { ApiError, badRequest, notFound, resolveWritableGroups, type Knex, type Logger, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { CommentResource } from '../../types.js';
import { mayChange } from './access.js';
import { decodeAttachment, sendAttachment, storedAttachment } from './attachment.js';
import type { CommentEvents } from './events.js';
import { attachmentQuery, commentParams, listQuery, postBody, putBody, resourceParams, type Attachment } from './inputs.js';
import {
  commentsOf,
  deleteComment,
  groupIdsOf,
  insertComment,
  sameComment,
  serializeComments,
  updateComment,
  visibleComment,
  type StoredComment,
} from './store.js';
import { pathIdOf, type CommentTarget, type CommentTargets } from './targets.js';

export interface CommentRouteDeps {
  db: Knex;
  targets: CommentTargets;
  events: CommentEvents;
  sitewideGroupId: number;
  maxAttachmentBytes: number;
  logger: Logger;
}

/** SkyPortal's answer for a comment that does not exist or that the caller may not read (the same). */
const inaccessible = () => new ApiError(403, 'Could not find any accessible comments.');

const NOUN: Record<CommentResource, string> = { sources: 'Source', spectra: 'Spectrum' };

/** Escapes LIKE's wildcards, so `text=50%` finds "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function commentRoutes(router: PluginRouter, resource: CommentResource, deps: CommentRouteDeps): void {
  const { db, targets, events } = deps;
  const base = `/api/${resource}/:id/comments`;
  const tags = ['comments'];
  const one = { params: commentParams(resource), tags };
  // base64 is 4/3 of the file; the text and the JSON around it fit in the rest.
  const bodyLimit = `${Math.ceil((deps.maxAttachmentBytes * 4) / 3 / 1_000_000) + 1}mb`;
  const attachmentOf = (attachment: Attachment) => ({ name: attachment.name, bytes: decodeAttachment(attachment.body, deps.maxAttachmentBytes) });

  /** The comment named by the path and its subject, if the caller may read it there; 400 if it is about another subject. */
  async function readable(user: Principal, id: string | number, commentId: number): Promise<{ comment: StoredComment; target: CommentTarget }> {
    const comment = await visibleComment(db, user, commentId);
    const kindMatches = comment && (comment.spectrum_id === null) === (resource === 'sources');
    const target = kindMatches ? await targets.of(user, comment) : undefined;
    if (!comment || !target) throw inaccessible();
    if (pathIdOf(comment) !== String(id)) throw badRequest(`Comment resource ID does not match resource ID given in path (${id})`);
    return { comment, target };
  }

  /** Side effects after a commit never fail the write that is already stored. */
  const afterCommit = (work: Promise<unknown>) =>
    work.catch((error) => {
      deps.logger.error({ err: error }, 'comment live message failed');
    });

  router.get(
    base,
    {
      access: 'authenticated',
      params: resourceParams(resource),
      query: listQuery,
      tags,
      summary: `The comments on a ${NOUN[resource].toLowerCase()}, newest first`,
    },
    async ({ user, params, query }) => {
      // As SkyPortal: a subject the caller cannot see simply has no comments for them.
      const target = await targets.visible(user, resource, params.id);
      if (!target) return [];
      const rows = commentsOf(db, user, target)
        .offset((query.pageNumber - 1) * query.numPerPage)
        .limit(query.numPerPage);
      if (query.text) rows.whereILike('c.text', likePattern(query.text));
      return serializeComments(db, user, await rows, resource);
    },
  );

  router.get(`${base}/:comment_id`, { ...one, access: 'authenticated', summary: 'One comment' }, async ({ user, params }) => {
    const { comment } = await readable(user, params.id, params.comment_id);
    return (await serializeComments(db, user, [comment], resource))[0];
  });

  router.post(
    base,
    {
      access: { acl: 'Comment' },
      params: resourceParams(resource),
      body: postBody,
      bodyLimit,
      tags,
      summary: `Comment on a ${NOUN[resource].toLowerCase()} (a token's comments are marked bot)`,
    },
    async ({ user, params, body }) => {
      const target = await targets.visible(user, resource, params.id);
      if (!target) throw notFound(`${NOUN[resource]} ${params.id}`);
      const groupIds = await resolveWritableGroups(db, user, body.group_ids?.length ? body.group_ids : [deps.sitewideGroupId]);
      const comment = {
        target,
        text: body.text,
        authorId: user.id,
        bot: user.via === 'token',
        groupIds,
        attachment: body.attachment ? attachmentOf(body.attachment) : undefined,
      };
      const existing = await sameComment(db, user, comment);
      if (existing !== undefined) return { comment_id: existing, message: 'Same comment already exists.' };
      const id = await insertComment(db, comment);
      await afterCommit(events.changed(target, id, 'added', groupIds));
      await events.mentioned(user, target, body.text, groupIds);
      return { comment_id: id };
    },
  );

  router.put(
    `${base}/:comment_id`,
    {
      ...one,
      access: { acl: 'Comment' },
      body: putBody,
      bodyLimit,
      summary: 'Change a comment: its text, groups or attachment (its author, or Manage sources)',
    },
    async ({ user, params, body }) => {
      const { comment, target } = await readable(user, params.id, params.comment_id);
      await mayChange(db, user, comment);
      const before = await groupIdsOf(db, comment.id);
      const groupIds = body.group_ids?.length ? await resolveWritableGroups(db, user, body.group_ids) : undefined;
      await updateComment(db, comment.id, {
        text: body.text,
        groupIds,
        attachment: body.attachment ? attachmentOf(body.attachment) : undefined,
      });
      // Those who read it before and those who read it now: a group it left refetches and loses it.
      await afterCommit(events.changed(target, comment.id, 'edited', [...before, ...(groupIds ?? [])]));
      // A name the edit adds is told, as in a new comment; those mentioned already are not told again.
      if (body.text !== undefined) await events.mentioned(user, target, body.text, groupIds ?? before, comment.text);
      return {};
    },
  );

  router.delete(
    `${base}/:comment_id`,
    { ...one, access: { acl: 'Comment' }, summary: 'Delete a comment (its author, or Manage sources)' },
    async ({ user, params }) => {
      const { comment, target } = await readable(user, params.id, params.comment_id);
      await mayChange(db, user, comment);
      const before = await groupIdsOf(db, comment.id);
      await deleteComment(db, comment.id);
      await afterCommit(events.changed(target, comment.id, 'deleted', before));
      return {};
    },
  );

  router.get(
    `${base}/:comment_id/attachment`,
    { ...one, access: 'authenticated', query: attachmentQuery, summary: "A comment's attachment: the file (download), or its text (download=false)" },
    async ({ user, params, query, ctx }) => {
      const { comment } = await readable(user, params.id, params.comment_id);
      const bytes = await storedAttachment(db, comment);
      if (query.download) return sendAttachment(ctx, comment.attachment_name!, bytes);
      return { commentId: comment.id, attachment: bytes.toString('utf8'), attachmentName: comment.attachment_name };
    },
  );
}
