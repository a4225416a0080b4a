/**
 * What comments add to the sources plugin's answers, through the hooks it offers:
 * - `sources.serialize`: `comments` (`includeComments`: a source's comments, newest first, without
 *   attachments' bytes) and `comment_exists` (`includeCommentExists`);
 * - `sources.filter`: `commentsFilter` (comma-separated texts, any of which a comment contains, any
 *   case), `commentsFilterAuthor` (author ids or parts of usernames), `commentsFilterBefore`/`After`.
 * Only comments the caller may read count (their groups), so a hidden comment changes no answer.
 * The same filters narrow `GET /api/spectra` when the spectra plugin offers its `filter` hook.
 */
import { inputs, usersWithUsernameContaining, z, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';
import { sourcesHooks, type RawQuery, type SourcesFilterEvent, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import { serializeComments, visibleComments, type StoredComment } from './store.js';

const flag = inputs.flag().optional();
const includeFlags = z.object({ includeComments: flag, includeCommentExists: flag });

/** A comma-separated list of at most 20 short items. */
const commaList = (description: string) =>
  inputs
    .text(2000)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(200)).max(20))
    .optional()
    .describe(description);
const optionalDate = z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional());

export const commentFilters = z.object({
  commentsFilter: commaList('Only those with a comment containing one of these texts (comma-separated, any case)'),
  commentsFilterAuthor: commaList('Only comments by these authors count: user ids or parts of usernames (comma-separated)'),
  commentsFilterBefore: optionalDate.describe('Only comments made before this instant count'),
  commentsFilterAfter: optionalDate.describe('Only comments made after this instant count'),
});

const asksFor = (schema: z.ZodObject, query: RawQuery) => Object.keys(schema.shape).some((key) => query[key] !== undefined && query[key] !== '');
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

async function addComments(event: SourcesSerializeEvent): Promise<void> {
  const { user, db, sources } = event;
  if (!sources.length || !asksFor(includeFlags, event.query)) return;
  const flags = inputs.parseOrBadRequest(includeFlags, event.query, 'query parameter');
  const ids = sources.map((source) => source.id);
  const onSources = () => visibleComments(db, user).whereIn('c.obj_id', ids).whereNull('c.spectrum_id');
  if (flags.includeComments) {
    const rows: (StoredComment & { obj_id: string })[] = await onSources()
      .select('c.*')
      .orderBy([
        { column: 'c.created_at', order: 'desc' },
        { column: 'c.id', order: 'desc' },
      ]);
    const comments = await serializeComments(db, user, rows, 'sources');
    for (const source of sources) source.comments = comments.filter((comment) => comment.obj_id === source.id);
  }
  if (flags.includeCommentExists) {
    const found = new Set<string>(await onSources().distinct('c.obj_id').pluck('c.obj_id'));
    for (const source of sources) source.comment_exists = found.has(source.id);
  }
}

/**
 * The caller's comments matching the filters, correlated on the list's obj id (source comments) or
 * spectrum id column (spectrum comments), or undefined when no filter is asked for. Wrapped: a
 * query builder is a thenable, which an async function would run instead of returning.
 */
export async function matchingComments(
  db: Knex,
  user: Principal,
  query: RawQuery,
  on: { objIdColumn?: string; spectrumIdColumn?: string },
): Promise<{ subquery: Knex.QueryBuilder } | undefined> {
  if (!asksFor(commentFilters, query)) return undefined;
  const f = inputs.parseOrBadRequest(commentFilters, query, 'query parameter');
  const comments = visibleComments(db, user).select(db.raw('1'));
  if (on.objIdColumn) comments.whereRaw('c.obj_id = ??', [on.objIdColumn]).whereNull('c.spectrum_id');
  if (on.spectrumIdColumn) comments.whereRaw('c.spectrum_id = ??', [on.spectrumIdColumn]);
  if (f.commentsFilter?.length) comments.whereRaw('c.text ILIKE ANY (?)', [f.commentsFilter.map((text) => `%${escapeLike(text)}%`)]);
  if (f.commentsFilterBefore) comments.where('c.created_at', '<=', f.commentsFilterBefore);
  if (f.commentsFilterAfter) comments.where('c.created_at', '>=', f.commentsFilterAfter);
  if (f.commentsFilterAuthor?.length) {
    // Each item is a part of a username, as SkyPortal matches it (`05274190` may be part of a
    // uuid-like username); a whole number may also be the author's id, as our clients send it.
    const ids = f.commentsFilterAuthor.map((item) => inputs.parseDecimal(item)).filter((n): n is number => n !== undefined && Number.isInteger(n));
    const named = await usersWithUsernameContaining(db, f.commentsFilterAuthor);
    comments.whereIn('c.author_id', [...ids.filter((id) => id > 0 && id <= inputs.INT4_MAX), ...named.map((author) => author.id)]);
  }
  return { subquery: comments };
}

async function narrowByComments(event: SourcesFilterEvent): Promise<void> {
  const matching = await matchingComments(event.db, event.user, event.query, { objIdColumn: event.objIdColumn });
  if (matching) event.whereExists(matching.subquery);
}

/** Taps the sources plugin's hooks (called in `register`). */
export function extendSources(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.serialize).tapPromise('comments', addComments);
  hooks.get(sourcesHooks.filter).tapPromise('comments', narrowByComments);
}
