/** `/api/listing[/{id}]`: a user's named lists of objs (favorites, rejected candidates, ...). */
import { badRequest, forbidden, inputs, z, type Knex, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { Listing } from '../types.js';
import { objIdInput } from './inputs.js';

const tags = ['listings'];
/** One's own lists: from the browser, or with a token that may upload data (a scanning script). */
const OWN_LISTS = { account: 'session', orAcl: 'Upload data' } as const;

// SkyPortal's rule: a list name starts with a letter, digit or underscore.
const listName = inputs.name(200).refine((name) => /^\w/.test(name), 'must begin with a letter, digit or underscore');
const params = inputs.jsonObject(16_384).nullable().optional();

/** SkyPortal's "watchlist" needs its search radius and cadence. */
function checkWatchlist(name: string, value: Record<string, unknown> | null | undefined): void {
  if (name !== 'watchlist') return;
  if (!value) throw badRequest('params: must be provided for `watchlist`');
  const { arcsec, cadence, end_of_night } = value as { arcsec?: unknown; cadence?: unknown; end_of_night?: unknown };
  if (typeof arcsec !== 'number' || typeof cadence !== 'number') throw badRequest('params: `arcsec` and `cadence` must be numbers');
  if (arcsec <= 0 || arcsec > 3600 || cadence < 1) throw badRequest('params: `arcsec` must be within (0, 3600] and `cadence` at least 1');
  if (end_of_night !== undefined && typeof end_of_night !== 'boolean') throw badRequest('params: `end_of_night` must be a boolean');
}

const COLUMNS = ['id', 'user_id', 'obj_id', 'list_name', 'params', 'created_at', 'modified'];

/** Whose lists the caller may touch: their own; system admins anyone's. */
function checkOwner(user: Principal, userId: number): void {
  if (userId !== user.id && !user.isSystemAdmin) throw forbidden("Only admins can change other users' listings");
}

export function listingRoutes(router: PluginRouter, sources: SourcesService): void {
  /** An obj the caller may see: one of their sources, or a candidate of one of their filters. */
  const checkObj = async (objId: string, user: Principal) => {
    if (!(await sources.visibleObj(user, objId))) throw badRequest(`obj_id: Cannot find Obj with ID: ${objId}`);
  };

  const list = async (db: Knex, user: Principal, userId: number, name: string | undefined): Promise<Listing[]> => {
    checkOwner(user, userId);
    const query = db('listings').where({ user_id: userId }).orderBy('id').select(COLUMNS);
    if (name !== undefined) query.where({ list_name: name });
    return query;
  };
  const listQuery = z.object({ listName: z.string().max(200).optional() });

  router.get('/api/listing', { access: 'authenticated', tags, summary: 'Your listings (of one list with listName)', query: listQuery }, ({ user, db, query }) =>
    list(db, user, user.id, query.listName),
  );
  router.get(
    '/api/listing/:user_id',
    {
      access: 'authenticated',
      tags,
      summary: "A user's listings (yours, or anyone's for system admins)",
      params: z.object({ user_id: inputs.dbId }),
      query: listQuery,
    },
    ({ user, db, params: path, query }) => list(db, user, path.user_id, query.listName),
  );

  router.post(
    '/api/listing',
    {
      access: OWN_LISTS,
      tags,
      summary: 'Put an obj on one of your lists',
      body: z.object({ obj_id: objIdInput, list_name: listName, user_id: inputs.dbId.optional(), params }).strict(),
      response: z.object({ id: z.number() }),
    },
    async ({ user, db, body }) => {
      const userId = body.user_id ?? user.id;
      checkOwner(user, userId);
      await checkObj(body.obj_id, user);
      checkWatchlist(body.list_name, body.params);
      const [row] = await db('listings')
        .insert({ user_id: userId, obj_id: body.obj_id, list_name: body.list_name, params: body.params ? JSON.stringify(body.params) : null })
        .onConflict(['user_id', 'list_name', 'obj_id'])
        .ignore()
        .returning('id');
      if (!row) throw badRequest(`Listing already exists with user_id=${userId}, obj_id=${body.obj_id} and list_name=${body.list_name}`);
      return { id: row.id as number };
    },
  );

  const own = async (db: Knex, user: Principal, id: number) => {
    const listing: Listing | undefined = await db('listings').where({ id }).first(COLUMNS);
    if (!listing || (listing.user_id !== user.id && !user.isSystemAdmin)) throw badRequest(`Cannot find listing with ID: ${id}`);
    return listing;
  };
  const idParams = z.object({ listing_id: inputs.dbId });

  router.patch(
    '/api/listing/:listing_id',
    {
      access: OWN_LISTS,
      tags,
      summary: 'Move a listing to another list or obj',
      params: idParams,
      body: z.object({ obj_id: objIdInput.optional(), list_name: listName.optional(), user_id: inputs.dbId.optional(), params }).strict(),
    },
    async ({ user, db, params: path, body }) => {
      const listing = await own(db, user, path.listing_id);
      const userId = body.user_id ?? listing.user_id;
      checkOwner(user, userId);
      const objId = body.obj_id ?? listing.obj_id;
      if (objId !== listing.obj_id) await checkObj(objId, user);
      const name = body.list_name ?? listing.list_name;
      const nextParams = body.params === undefined ? listing.params : body.params;
      checkWatchlist(name, nextParams);
      await db('listings')
        .where({ id: listing.id })
        .update({ user_id: userId, obj_id: objId, list_name: name, params: nextParams ? JSON.stringify(nextParams) : null, modified: db.fn.now() });
      return {};
    },
  );

  router.delete(
    '/api/listing/:listing_id',
    { access: OWN_LISTS, tags, summary: 'Take an obj off one of your lists', params: idParams },
    async ({ user, db, params: path }) => {
      const listing = await own(db, user, path.listing_id);
      await db('listings').where({ id: listing.id }).delete();
      return {};
    },
  );

  router.delete(
    '/api/listing',
    {
      access: OWN_LISTS,
      tags,
      summary: 'Take an obj off one of your lists, named by obj_id and list_name',
      body: z.object({ obj_id: objIdInput, list_name: listName, user_id: inputs.dbId.optional() }).strict(),
    },
    async ({ user, db, body }) => {
      const userId = body.user_id ?? user.id;
      checkOwner(user, userId);
      const deleted = await db('listings').where({ user_id: userId, obj_id: body.obj_id, list_name: body.list_name }).delete();
      if (!deleted) throw badRequest('Cannot delete Listing.');
      return {};
    },
  );
}
