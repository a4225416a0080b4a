/** The inputs of the comment routes, from the SDK's building blocks (one rule per field). */
import { inputs, pageQuery, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import { COMMENT_MAX_LENGTH, type CommentResource } from '../../types.js';

const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);

/** `{id}` of `/api/sources/{id}/...` (a source id) or of `/api/spectra/{id}/...` (a spectrum id). */
export const resourceParams = (resource: CommentResource) => z.object({ id: resource === 'sources' ? sourceId : inputs.dbId });
export const commentParams = (resource: CommentResource) => resourceParams(resource).extend({ comment_id: inputs.dbId });

/** Stored exactly as given (Markdown is rendered when shown, never stored rendered). */
export const commentText = inputs
  .textField({ kind: 'text', max: COMMENT_MAX_LENGTH, min: 1 })
  .refine((text) => text.trim() !== '', 'must not be blank')
  .describe(`Markdown, stored as given and shown without raw HTML; at most ${COMMENT_MAX_LENGTH} characters`);

/**
 * A file given inline, as SkyPortal's clients send it: `body` is base64 (a `data:...;base64,`
 * prefix is allowed), `name` the file name it is downloaded under. Its size is checked once decoded.
 */
export const attachmentInput = z
  .object({
    body: z.string().min(1, 'must not be empty').describe('The file, base64-encoded'),
    name: inputs.name(255).describe('File name, shown and used for the download'),
  })
  .describe('A file: {body: base64, name}');

/**
 * `group_ids`: who may read the comment, each one of the caller's groups; absent or empty, the
 * sitewide group (as SkyPortal): everyone who may see the source.
 */
const groupIds = inputs.dbIdArray(200).optional().describe('Groups that may read the comment (yours); default: the sitewide group');

export const postBody = z.object({ text: commentText, group_ids: groupIds, attachment: attachmentInput.optional() });

/** Each field optional: what is sent changes, the rest stays. `attachment: null` changes nothing (as SkyPortal). */
export const putBody = z.object({ text: commentText.optional(), group_ids: groupIds, attachment: attachmentInput.nullable().optional() });

export const listQuery = pageQuery.extend({
  text: inputs.text(200).optional().describe('Only comments whose text contains this (any case)'),
});

export const attachmentQuery = z.object({
  download: inputs.flag().default(true).describe('true: the file itself, as a download; false: its text in the JSON envelope'),
});

export type PostBody = z.output<typeof postBody>;
export type PutBody = z.output<typeof putBody>;
export type Attachment = z.output<typeof attachmentInput>;
