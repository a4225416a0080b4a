/**
 * `POST /api/internal/survey_thumbnail`: survey cutouts of sources, as SkyPortal's source page asks
 * for them. The default surveys need nothing stored (every source lists them from its position);
 * the on-demand ones (SkyMapper; HST, Chandra and JWST need a coverage query, which this server
 * does not make, so they add nothing) are stored as rows holding the survey's URL.
 */
import { badRequest, inputs, notFound, z, type PluginRouter } from '@skyportal/sdk';
import { SOURCE_ID_RULE, type SourcesService } from '@skyportal/plugin-sources/types';
import { ON_DEMAND_SURVEY_TYPES, type ThumbnailType } from '../types.js';
import { addRemoteThumbnail, type Store } from './store.js';
import { SURVEY_NAMES, surveyUrl } from './surveys.js';

const objId = () => inputs.textField(SOURCE_ID_RULE);

export function surveyRoutes(
  router: PluginRouter,
  { store, sources, surveys }: { store: Store; sources: SourcesService; surveys: readonly ThumbnailType[] },
): void {
  const allowed: readonly string[] = [...surveys, ...ON_DEMAND_SURVEY_TYPES];
  router.post(
    '/api/internal/survey_thumbnail',
    {
      access: { acl: 'Upload data' },
      summary: 'Add survey cutouts to sources (SkyMapper on demand; SDSS, Legacy Survey and Pan-STARRS are listed from the position)',
      body: z.object({
        objID: objId().optional(),
        objIDs: z.array(objId()).max(1000).optional(),
        types: z.array(z.string().max(20)).max(20).optional(),
      }),
    },
    async ({ user, body }) => {
      const ids = body.objID !== undefined ? [body.objID] : body.objIDs;
      if (!ids) throw badRequest('objID: Missing required parameter objID or objIDs');
      const types = (body.types?.length ? body.types : surveys) as ThumbnailType[];
      if (types.some((type) => !allowed.includes(type))) throw badRequest(`types: must be a subset of [${allowed.join(', ')}]`);
      const visible = await sources.visibleObjIds(user, ids);
      const missing = ids.find((id) => !visible.has(id));
      if (missing !== undefined) throw notFound(`Source ${missing}`);
      const wanted = types.filter((type) => !surveys.includes(type));
      if (!wanted.length) return {};
      const objs: { id: string; ra: number | null; dec: number | null; is_roid: boolean | null }[] = await store
        .db('objs')
        .whereIn('id', ids)
        .select('id', 'ra', 'dec', 'is_roid');
      for (const obj of objs) {
        if (obj.ra === null || obj.dec === null || obj.is_roid) continue;
        const have = new Set(await store.db('thumbnails').where({ obj_id: obj.id }).whereIn('type', wanted).pluck('type'));
        for (const type of wanted) {
          const url = surveyUrl(type, obj.ra, obj.dec);
          if (url && !have.has(type)) await addRemoteThumbnail(store.db, { objId: obj.id, type, publicUrl: url, origin: SURVEY_NAMES[type] ?? type });
        }
      }
      return {};
    },
  );
}
