/**
 * `POST /api/sources/{id}/copy_photometry {origin_id, group_ids}`: copies the points of another
 * source (its duplicate, say) that the caller can see onto this one, shared with `group_ids`,
 * through the same ingest as `PUT /api/photometry` (so copying twice stores nothing twice).
 * Each point keeps its instrument, time, filter, flux and position; a non-detection uploaded as a
 * limiting magnitude is copied as that limit, so the copy answers the same `limiting_mag`. A
 * point from streams keeps its streams: a copy must not show stream data to those without them.
 */
import { badRequest, inputs, notFound, z, type PluginRouter, type Principal } from '@skyportal/sdk';
import { SOURCE_ID_RULE, type SourcesService } from '@skyportal/plugin-sources/types';
import type { PhotometryUploadResult } from '../types.js';
import { visiblePoints, type StoredPoint } from './serialize.js';
import { PHOT_ZP } from './units.js';

type Ingest = (user: Principal, payload: Record<string, unknown>, mode: 'post' | 'put') => Promise<PhotometryUploadResult>;

const sourceId = inputs.textField(SOURCE_ID_RULE);

/** The columns every copied point carries, whatever its kind. */
function columns(targetId: string, points: StoredPoint[], groupIds: number[]): Record<string, unknown> {
  return {
    obj_id: targetId,
    instrument_id: points.map((p) => p.instrument_id),
    mjd: points.map((p) => p.mjd),
    filter: points.map((p) => p.filter),
    origin: points.map((p) => p.origin),
    ra: points.map((p) => p.ra),
    dec: points.map((p) => p.dec),
    ra_unc: points.map((p) => p.ra_unc),
    dec_unc: points.map((p) => p.dec_unc),
    altdata: points.map((p) => p.altdata),
    group_ids: groupIds,
  };
}

export function copyPhotometryRoute(router: PluginRouter, sources: SourcesService, ingest: Ingest): void {
  router.post(
    '/api/sources/:id/copy_photometry',
    {
      access: { acl: 'Upload data' },
      summary: "Copy another source's photometry (what you can see of it) onto this source",
      tags: ['photometry', 'sources'],
      params: z.object({ id: sourceId }),
      body: z.object({ origin_id: sourceId, group_ids: inputs.dbIdArray(1000).min(1, 'at least one group') }),
      response: z.object({ ids: z.array(z.number()), upload_ids: z.array(z.string()) }),
    },
    async ({ user, params, body, db }) => {
      for (const [field, id] of [
        ['id', params.id],
        ['origin_id', body.origin_id],
      ] as const) {
        if (!(await sources.visibleObj(user, id))) throw notFound(`Source ${id}${field === 'origin_id' ? ' (origin_id)' : ''}`);
      }
      const points: StoredPoint[] = await visiblePoints(db, user).where('p.obj_id', body.origin_id).orderBy('p.id');
      if (!points.length) throw badRequest(`origin_id: no photometry of ${body.origin_id} that you can see`);
      // stream_ids apply to a whole upload: one upload per set of streams.
      const links: { photometry_id: number; stream_id: number }[] = await db('photometry_streams')
        .whereIn(
          'photometry_id',
          points.map((p) => p.id),
        )
        .orderBy(['photometry_id', 'stream_id']);
      const streamsOf = new Map<number, number[]>();
      for (const { photometry_id, stream_id } of links) streamsOf.set(Number(photometry_id), [...(streamsOf.get(Number(photometry_id)) ?? []), stream_id]);
      const bySet = new Map<string, StoredPoint[]>();
      for (const point of points) {
        const key = (streamsOf.get(Number(point.id)) ?? []).join(',');
        bySet.set(key, [...(bySet.get(key) ?? []), point]);
      }
      const results: PhotometryUploadResult[] = [];
      for (const [key, set] of bySet) results.push(...(await copySet(user, params.id, set, body.group_ids, key ? key.split(',').map(Number) : [])));
      return { ids: results.flatMap((r) => r.ids), upload_ids: results.map((r) => r.upload_id) };
    },
  );

  /** Copies points of one set of streams: fluxes as stored, non-detections uploaded as limits as those limits. */
  async function copySet(user: Principal, targetId: string, points: StoredPoint[], groupIds: number[], streamIds: number[]): Promise<PhotometryUploadResult[]> {
    const limits = points.filter((p) => p.flux === null && typeof p.original_user_data?.limiting_mag === 'number');
    const fluxes = points.filter((p) => !limits.includes(p));
    const results: PhotometryUploadResult[] = [];
    const base = (set: StoredPoint[]) => ({ ...columns(targetId, set, groupIds), ...(streamIds.length ? { stream_ids: streamIds } : {}) });
    if (fluxes.length) {
      // Stored values at their own zero point: copied exactly.
      results.push(
        await ingest(
          user,
          {
            ...base(fluxes),
            flux: fluxes.map((p) => p.flux),
            fluxerr: fluxes.map((p) => p.fluxerr),
            zp: PHOT_ZP,
            magsys: 'ab',
          },
          'put',
        ),
      );
    }
    if (limits.length) {
      results.push(
        await ingest(
          user,
          {
            ...base(limits),
            mag: limits.map(() => null),
            magerr: limits.map(() => null),
            limiting_mag: limits.map((p) => p.original_user_data!.limiting_mag),
            limiting_mag_nsigma: limits.map((p) => p.original_user_data!.limiting_mag_nsigma ?? 3),
            magsys: limits.map((p) => p.original_user_data!.magsys ?? 'ab'),
          },
          'put',
        ),
      );
    }
    return results;
  }
}
