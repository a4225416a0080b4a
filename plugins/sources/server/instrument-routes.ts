import { badRequest, conflict, inputs, isUniqueViolation, notFound, z, type Knex, type PluginRouter } from '@skyportal/sdk';
import { INSTRUMENT_TYPES, KNOWN_BANDPASSES } from '../types.js';
import { toInstrument } from './store.js';

const numericId = z.object({ id: inputs.dbId });
/** Metres: from the deepest ocean floor (neutrino telescopes sit under water and ice) to the edge of space. */
const ELEVATION = { min: -11_000, max: 100_000 };
const byName = z.object({ name: inputs.name(200).optional() });
const known = new Set(KNOWN_BANDPASSES);

const telescopeBody = z.object({
  name: inputs.name(200),
  nickname: inputs.name(100),
  lat: inputs.finite({ min: -90, max: 90 }, 'Latitude, degrees').nullable().optional(),
  lon: inputs.finite({ min: -180, max: 180 }, 'Longitude, degrees').nullable().optional(),
  elevation: inputs.finite(ELEVATION, 'Metres above sea level, within [-11000, 100000]').nullable().optional(),
  diameter: inputs.finite({ gt: 0, max: 10_000 }, 'Aperture, metres, within (0, 10000]'),
  robotic: z.boolean().default(false),
  // SkyPortal clients send it; a fixed telescope needs lat, lon and elevation.
  fixed_location: z.boolean().optional(),
});

const instrumentBody = z.object({
  name: inputs.name(200),
  type: z.enum(INSTRUMENT_TYPES),
  band: inputs.name(100).nullable().optional(),
  filters: z.array(inputs.text(50)).max(100).default([]),
  telescope_id: inputs.dbId,
});

export type TelescopeInput = z.input<typeof telescopeBody>;
export type InstrumentInput = z.input<typeof instrumentBody>;

const instrumentColumns = ['i.id', 'i.name', 'i.type', 'i.band', 'i.filters', 'i.telescope_id', 't.name as telescope_name', 't.nickname as telescope_nickname'];

function withTelescope(row: Record<string, unknown>) {
  return { ...toInstrument(row), telescope: { id: row.telescope_id, name: row.telescope_name, nickname: row.telescope_nickname } };
}

export function checkFilters(filters: readonly string[]): void {
  filters.forEach((filter, i) => {
    if (!known.has(filter)) throw badRequest(`filters[${i}]: unknown bandpass ${JSON.stringify(filter)} (sncosmo names, e.g. ztfg, sdssr, ps1::g)`);
  });
}

export function instrumentRoutes(router: PluginRouter): void {
  router.get(
    '/api/telescope',
    { access: 'authenticated', summary: 'Telescopes (optionally by name)', tags: ['instruments'], query: byName },
    async ({ query, db }) => {
      const rows = db('telescopes').select('id', 'name', 'nickname', 'lat', 'lon', 'elevation', 'diameter', 'robotic').orderBy('id');
      if (query.name) rows.where('name', query.name);
      return rows;
    },
  );

  router.get('/api/telescope/:id', { access: 'authenticated', summary: 'A telescope', tags: ['instruments'], params: numericId }, async ({ params, db }) => {
    const row = await db('telescopes').where({ id: params.id }).first('id', 'name', 'nickname', 'lat', 'lon', 'elevation', 'diameter', 'robotic');
    if (!row) throw notFound(`Telescope ${params.id}`);
    return row;
  });

  router.post(
    '/api/telescope',
    { access: { acl: 'Upload data' }, summary: 'Create a telescope', tags: ['instruments'], body: telescopeBody },
    async ({ body, db }) => ({ id: await createTelescope(db, body) }),
  );

  router.get(
    '/api/instrument',
    { access: 'authenticated', summary: 'Instruments (optionally by name)', tags: ['instruments'], query: byName },
    async ({ query, db }) => {
      const rows = db('instruments as i').join('telescopes as t', 't.id', 'i.telescope_id').select(instrumentColumns).orderBy('i.id');
      if (query.name) rows.where('i.name', query.name);
      return (await rows).map(withTelescope);
    },
  );

  router.get('/api/instrument/:id', { access: 'authenticated', summary: 'An instrument', tags: ['instruments'], params: numericId }, async ({ params, db }) => {
    const row = await db('instruments as i').join('telescopes as t', 't.id', 'i.telescope_id').where('i.id', params.id).first(instrumentColumns);
    if (!row) throw notFound(`Instrument ${params.id}`);
    return withTelescope(row);
  });

  router.post(
    '/api/instrument',
    { access: { acl: 'Upload data' }, summary: 'Create an instrument on a telescope', tags: ['instruments'], body: instrumentBody },
    async ({ body, db }) => ({ id: await createInstrument(db, body) }),
  );
}

export async function createTelescope(db: Knex, input: TelescopeInput): Promise<number> {
  const body = inputs.parseOrBadRequest(telescopeBody, input);
  if (body.fixed_location && (body.lat == null || body.lon == null || body.elevation == null)) {
    throw badRequest('lat, lon, elevation: required for a telescope with a fixed location');
  }
  const { fixed_location: _fixed, ...row } = body;
  try {
    const [created] = await db('telescopes').insert(row).returning('id');
    return created.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`name: a telescope named ${body.name} (or nicknamed ${body.nickname}) exists`);
    throw error;
  }
}

export async function createInstrument(db: Knex, input: InstrumentInput): Promise<number> {
  const body = inputs.parseOrBadRequest(instrumentBody, input);
  checkFilters(body.filters);
  const telescope = await db('telescopes').where({ id: body.telescope_id }).first('id');
  if (!telescope) throw badRequest(`telescope_id: no telescope ${body.telescope_id}`);
  try {
    const [created] = await db('instruments')
      .insert({ ...body, band: body.band ?? null, filters: [...new Set(body.filters)] })
      .returning('id');
    return created.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`name: an instrument named ${body.name} exists`);
    throw error;
  }
}
