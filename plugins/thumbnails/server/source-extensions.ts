/**
 * What thumbnails add to the sources plugin's answers (`sources.serialize`): `thumbnails` with
 * `includeThumbnails=true`, a source's stored thumbnails (uploaded images and survey cutouts
 * asked for) and the survey cutouts of its position (the plugin's `surveys`), ZTF's new, ref and
 * sub first. The sources of an answer are those the caller sees, and so are their thumbnails.
 */
import { inputs, z, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';
import { sourcesHooks, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import { THUMBNAIL_TYPES, type Thumbnail, type ThumbnailType } from '../types.js';
import { scopeToVisibleThumbnails, serializeThumbnail, type Store, type ThumbnailRow } from './store.js';
import { SURVEY_NAMES, surveyUrl } from './surveys.js';

const includeFlags = z.object({ includeThumbnails: inputs.flag().optional() });
const order = (type: ThumbnailType) => THUMBNAIL_TYPES.indexOf(type);

/** The survey cutouts a source lists from its position alone (none for a moving object, whose archival images show another field). */
export function positionCutouts(source: Record<string, unknown> & { id: string }, types: readonly ThumbnailType[]): Thumbnail[] {
  const { ra, dec } = source;
  if (typeof ra !== 'number' || typeof dec !== 'number' || source.is_roid === true) return [];
  return types.flatMap((type) => {
    const url = surveyUrl(type, ra, dec);
    if (!url) return [];
    return [
      {
        id: null,
        obj_id: source.id,
        type,
        public_url: url,
        origin: SURVEY_NAMES[type] ?? type,
        survey: null,
        is_grayscale: null,
        width: null,
        height: null,
        file_uri: null,
        stream_id: null,
        created_at: null,
        modified: null,
      },
    ];
  });
}

/** The thumbnails of these sources (each with `id`, `ra`, `dec`, `is_roid`) that the caller may see, by source id: one query for them all. */
export async function thumbnailsOf(
  db: Knex,
  user: Principal,
  store: Store,
  surveys: readonly ThumbnailType[],
  sources: readonly (Record<string, unknown> & { id: string })[],
): Promise<Map<string, Thumbnail[]>> {
  const rows: ThumbnailRow[] = await scopeToVisibleThumbnails(
    db('thumbnails').whereIn(
      'obj_id',
      sources.map((source) => source.id),
    ),
    user,
  ).orderBy('id');
  const listed = new Map<string, Thumbnail[]>();
  for (const source of sources) {
    const stored = rows.filter((row) => row.obj_id === source.id).map((row) => serializeThumbnail(row, store.storage));
    // An uploaded or asked-for cutout of a survey stands for that survey.
    const have = new Set(stored.map((t) => t.type));
    const all = [
      ...stored,
      ...positionCutouts(
        source,
        surveys.filter((type) => !have.has(type)),
      ),
    ];
    listed.set(
      source.id,
      all.sort((a, b) => order(a.type) - order(b.type)),
    );
  }
  return listed;
}

export function extendSources(hooks: PluginHooks, store: Store, surveys: readonly ThumbnailType[]): void {
  hooks.get(sourcesHooks.serialize).tapPromise('thumbnails', async (event: SourcesSerializeEvent) => {
    if (!event.sources.length || event.query.includeThumbnails === undefined) return;
    if (!inputs.parseOrBadRequest(includeFlags, event.query, 'query parameter').includeThumbnails) return;
    const listed = await thumbnailsOf(event.db, event.user, store, surveys, event.sources);
    for (const source of event.sources) source.thumbnails = listed.get(source.id);
  });
}
