import { MISSING_PARAMETER, badRequest, compat, conflict, inputs, isUniqueViolation, z, type HookOf, type Knex, type PluginRouter } from '@skyportal/sdk';
import { INSTRUMENT_TYPES, KNOWN_BANDPASSES, type sourcesHooks } from '../types.js';
import { toInstrument } from './store.js';
import { fovRegion, FOV_TYPES } from './regions.js';

const numericId = z.object({ id: inputs.dbId });
/** Metres: from the deepest ocean floor (neutrino telescopes sit under water and ice) to the edge of space. */
const ELEVATION = { min: -11_000, max: 100_000 };
const known = new Set(KNOWN_BANDPASSES);

/** A link shown on the telescope's page: http(s), or a path on this site; never `javascript:` and the like. */
const link = inputs
  .text(2000)
  .refine((value) => /^(https?:\/\/|\/(?!\/))/i.test(value), 'expected an http(s) URL or a path on this site')
  .nullable();

const telescopeFields = {
  name: inputs.name(200),
  nickname: inputs.name(100),
  lat: inputs.finite({ min: -90, max: 90 }, 'Latitude, degrees').nullable(),
  lon: inputs.finite({ min: -180, max: 180 }, 'Longitude, degrees').nullable(),
  elevation: inputs.finite(ELEVATION, 'Metres above sea level, within [-11000, 100000]').nullable(),
  // 0 for what has no aperture to speak of (SkyPortal's clients post space missions so).
  diameter: inputs.finite({ min: 0, max: 10_000 }, 'Aperture, metres, within [0, 10000]'),
  skycam_link: link,
  weather_link: link,
  robotic: z.boolean(),
  fixed_location: z.boolean().describe('On the ground at (lat, lon, elevation); default true. A fixed telescope needs all three.'),
};

const telescopeBody = z.object({
  ...telescopeFields,
  lat: telescopeFields.lat.optional(),
  lon: telescopeFields.lon.optional(),
  elevation: telescopeFields.elevation.optional(),
  skycam_link: telescopeFields.skycam_link.optional(),
  weather_link: telescopeFields.weather_link.optional(),
  robotic: telescopeFields.robotic.default(false),
  fixed_location: telescopeFields.fixed_location.optional(),
});
/** PUT changes the fields given (as SkyPortal's), the rest stay. */
const telescopeChanges = z.object(telescopeFields).partial();

const filterName = inputs.text(50);
const instrumentFields = {
  name: inputs.name(200),
  type: z.enum(INSTRUMENT_TYPES),
  band: inputs.name(100).nullable(),
  filters: z.array(filterName).max(200),
  telescope_id: inputs.dbId,
  sensitivity_data: z
    .record(
      filterName,
      z.object({
        limiting_magnitude: inputs.finite({ min: -50, max: 100 }).optional(),
        magsys: inputs.text(20).optional(),
        exposure_time: inputs.finite({ min: 0, max: 1e7 }, 'Seconds').optional(),
      }),
    )
    .nullable()
    .describe('Per filter (each one of the filters): limiting_magnitude, magsys, exposure_time (s)'),
  configuration_data: z.record(inputs.text(100), z.unknown()).nullable().describe('Overheads: filter change, readout, slew rate, ...'),
  across_id: inputs.text(200).nullable(),
  field_fov_type: z.enum(FOV_TYPES).describe('The field of view: a circle (radius) or a rectangle (width, height), degrees'),
  field_fov_attributes: z.union([
    inputs.finite({ gt: 0, max: 360 }),
    z
      .array(inputs.finite({ gt: 0, max: 360 }))
      .min(1)
      .max(2),
  ]),
  // Tiled fields and references come with observation planning (a later plugin): refused, not dropped.
  field_data: z.never({ error: 'instrument fields (tiling) are not supported by this site' }),
  field_region: z.never({ error: 'field regions other than field_fov_type are not supported by this site' }),
  references: z.never({ error: 'field references are not supported by this site' }),
};

const instrumentBody = z.object({
  ...instrumentFields,
  band: instrumentFields.band.optional(),
  filters: instrumentFields.filters.default([]),
  sensitivity_data: instrumentFields.sensitivity_data.optional(),
  configuration_data: instrumentFields.configuration_data.optional(),
  across_id: instrumentFields.across_id.optional(),
  field_fov_type: instrumentFields.field_fov_type.optional(),
  field_fov_attributes: instrumentFields.field_fov_attributes.optional(),
  field_data: instrumentFields.field_data.optional(),
  field_region: instrumentFields.field_region.optional(),
  references: instrumentFields.references.optional(),
});
const instrumentChanges = z.object(instrumentFields).partial();

export type TelescopeInput = z.input<typeof telescopeBody>;
export type InstrumentInput = z.input<typeof instrumentBody>;

const TELESCOPE_COLUMNS = ['id', 'name', 'nickname', 'lat', 'lon', 'elevation', 'diameter', 'skycam_link', 'weather_link', 'robotic', 'fixed_location'];
const INSTRUMENT_COLUMNS = [
  'i.id',
  'i.name',
  'i.type',
  'i.band',
  'i.filters',
  'i.telescope_id',
  'i.sensitivity_data',
  'i.configuration_data',
  'i.across_id',
  't.name as telescope_name',
  't.nickname as telescope_nickname',
];

function withTelescope(row: Record<string, unknown>, region?: boolean) {
  return {
    ...toInstrument(row),
    sensitivity_data: row.sensitivity_data ?? null,
    configuration_data: row.configuration_data ?? null,
    across_id: row.across_id ?? null,
    ...(region ? { region: row.region ?? null } : {}),
    telescope: { id: row.telescope_id, name: row.telescope_name, nickname: row.telescope_nickname },
  };
}

export function checkFilters(filters: readonly string[]): void {
  filters.forEach((filter, i) => {
    if (!known.has(filter)) throw badRequest(`filters[${i}]: unknown bandpass ${JSON.stringify(filter)} (sncosmo names, e.g. ztfg, sdssr, ps1::g)`);
  });
}

/** SkyPortal's rule, in its words (its clients compare the message): every filter with sensitivity data is one of the instrument's. */
function checkSensitivity(sensitivity: Record<string, unknown> | null | undefined, filters: readonly string[]): void {
  if (sensitivity && !Object.keys(sensitivity).every((filter) => filters.includes(filter))) {
    throw badRequest('Sensitivity_data filters must be a subset of the instrument filters');
  }
}

function checkFixedLocation(telescope: { fixed_location?: boolean | null; lat?: number | null; lon?: number | null; elevation?: number | null }): void {
  if (telescope.fixed_location && (telescope.lat == null || telescope.lon == null || telescope.elevation == null)) {
    throw badRequest(`lat, lon, elevation: ${MISSING_PARAMETER} for a telescope with a fixed location`);
  }
}

/** The stored row of an instrument's fields: the field of view becomes its DS9 region. */
function instrumentRow(body: Partial<z.output<typeof instrumentChanges>>): Record<string, unknown> {
  const { field_fov_type: fovType, field_fov_attributes: fovAttributes, field_data: _d, field_region: _r, references: _x, ...row } = body;
  if ((fovType === undefined) !== (fovAttributes === undefined)) throw badRequest('field_fov_type, field_fov_attributes: give both, or neither');
  const out: Record<string, unknown> = { ...row };
  if (fovType !== undefined) out.region = fovRegion(fovType, fovAttributes!);
  if (row.filters) out.filters = [...new Set(row.filters)];
  for (const json of ['sensitivity_data', 'configuration_data'] as const)
    if (row[json] !== undefined) out[json] = row[json] === null ? null : JSON.stringify(row[json]);
  return out;
}

function uniqueName(error: unknown, what: string, name: string | undefined): never {
  if (isUniqueViolation(error)) throw conflict(`name: ${what} named ${JSON.stringify(name)} exists (or its nickname is taken)`);
  throw error;
}

const flags = z.object({ name: inputs.name(200).optional(), includeRegion: inputs.flag().default(false) });

export function instrumentRoutes(router: PluginRouter, deps: { instrumentsDeleting: HookOf<typeof sourcesHooks.instrumentsDeleting> }): void {
  const missingTelescope = (id: number) => compat.cannotFind(`telescope with ID ${id}`);
  const missingInstrument = (id: number) => compat.cannotFind(`instrument with ID ${id}`);

  router.get(
    '/api/telescope',
    {
      access: 'authenticated',
      summary: 'Telescopes: by name, or within a latitude and longitude box',
      tags: ['instruments'],
      query: z.object({
        name: inputs.name(200).optional(),
        latitudeMin: inputs.finiteFromText({ min: -90, max: 90 }).optional(),
        latitudeMax: inputs.finiteFromText({ min: -90, max: 90 }).optional(),
        longitudeMin: inputs.finiteFromText({ min: -180, max: 180 }).optional(),
        longitudeMax: inputs.finiteFromText({ min: -180, max: 180 }).optional(),
      }),
    },
    async ({ query, db }) => {
      const rows = db('telescopes')
        .select(...TELESCOPE_COLUMNS)
        .orderBy('id');
      if (query.name !== undefined) rows.where('name', query.name);
      if (query.latitudeMin !== undefined) rows.where('lat', '>=', query.latitudeMin);
      if (query.latitudeMax !== undefined) rows.where('lat', '<=', query.latitudeMax);
      if (query.longitudeMin !== undefined) rows.where('lon', '>=', query.longitudeMin);
      if (query.longitudeMax !== undefined) rows.where('lon', '<=', query.longitudeMax);
      return rows;
    },
  );

  router.get(
    '/api/telescope/:id',
    { access: 'authenticated', summary: 'A telescope, with its instruments', tags: ['instruments'], params: numericId },
    async ({ params, db }) => {
      const row = await db('telescopes')
        .where({ id: params.id })
        .first(...TELESCOPE_COLUMNS);
      if (!row) throw missingTelescope(params.id);
      const instruments = await db('instruments').where({ telescope_id: params.id }).orderBy('id');
      return { ...row, instruments: instruments.map(toInstrument) };
    },
  );

  router.post(
    '/api/telescope',
    { access: { acl: 'Upload data' }, summary: 'Create a telescope', tags: ['instruments'], body: telescopeBody },
    async ({ body, db }) => ({ id: await createTelescope(db, body) }),
  );

  router.put(
    '/api/telescope/:id',
    {
      access: { acl: 'Manage telescopes' },
      summary: 'Change a telescope (the fields given)',
      tags: ['instruments'],
      params: numericId,
      body: telescopeChanges,
    },
    async ({ params, body, db }) => {
      await db.transaction(async (trx) => {
        const current = await trx('telescopes').where({ id: params.id }).forUpdate().first();
        if (!current) throw missingTelescope(params.id);
        checkFixedLocation({ ...current, ...body });
        if (Object.keys(body).length)
          await trx('telescopes')
            .where({ id: params.id })
            .update(body)
            .catch((error) => uniqueName(error, 'a telescope', body.name));
      });
      return { id: params.id };
    },
  );

  router.delete(
    '/api/telescope/:id',
    {
      access: { acl: 'Manage telescopes' },
      summary: 'Delete a telescope and its instruments (refused while data refers to them)',
      tags: ['instruments'],
      params: numericId,
    },
    async ({ params, db }) => {
      await db.transaction(async (trx) => {
        if (!(await trx('telescopes').where({ id: params.id }).forUpdate().first('id'))) throw missingTelescope(params.id);
        const instrumentIds: number[] = await trx('instruments').where({ telescope_id: params.id }).forUpdate().pluck('id');
        if (instrumentIds.length) await deps.instrumentsDeleting.promise({ instrumentIds, trx });
        await trx('telescopes').where({ id: params.id }).delete();
      });
      return {};
    },
  );

  router.get(
    '/api/instrument',
    { access: 'authenticated', summary: 'Instruments (by name; with their field-of-view region with includeRegion)', tags: ['instruments'], query: flags },
    async ({ query, db }) => {
      const rows = db('instruments as i').join('telescopes as t', 't.id', 'i.telescope_id').select(INSTRUMENT_COLUMNS).orderBy('i.id');
      if (query.includeRegion) rows.select('i.region');
      if (query.name) rows.where('i.name', query.name);
      return (await rows).map((row: Record<string, unknown>) => withTelescope(row, query.includeRegion));
    },
  );

  router.get(
    '/api/instrument/:id',
    {
      access: 'authenticated',
      summary: 'An instrument, with its telescope and field-of-view region',
      tags: ['instruments'],
      params: numericId,
      query: flags.omit({ name: true }),
    },
    async ({ params, db }) => {
      const row = await db('instruments as i')
        .join('telescopes as t', 't.id', 'i.telescope_id')
        .where('i.id', params.id)
        .first([...INSTRUMENT_COLUMNS, 'i.region']);
      if (!row) throw missingInstrument(params.id);
      return withTelescope(row, true);
    },
  );

  router.post(
    '/api/instrument',
    { access: { acl: 'Upload data' }, summary: 'Create an instrument on a telescope', tags: ['instruments'], body: instrumentBody },
    async ({ body, db }) => ({ id: await createInstrument(db, body) }),
  );

  router.put(
    '/api/instrument/:id',
    {
      access: { acl: 'Manage instruments' },
      summary: 'Change an instrument (the fields given)',
      tags: ['instruments'],
      params: numericId,
      body: instrumentChanges,
    },
    async ({ params, body, db }) => {
      await db.transaction(async (trx) => {
        const current = await trx('instruments').where({ id: params.id }).forUpdate().first('filters', 'sensitivity_data');
        if (!current) throw missingInstrument(params.id);
        if (body.filters) checkFilters(body.filters);
        if (body.telescope_id !== undefined && !(await trx('telescopes').where({ id: body.telescope_id }).first('id'))) {
          throw badRequest(`telescope_id: no telescope ${body.telescope_id}`);
        }
        checkSensitivity(body.sensitivity_data === undefined ? current.sensitivity_data : body.sensitivity_data, body.filters ?? current.filters);
        const row = instrumentRow(body);
        if (Object.keys(row).length)
          await trx('instruments')
            .where({ id: params.id })
            .update(row)
            .catch((error) => uniqueName(error, 'an instrument', body.name));
      });
      return { id: params.id };
    },
  );

  router.delete(
    '/api/instrument/:id',
    { access: { acl: 'Manage instruments' }, summary: 'Delete an instrument (refused while data refers to it)', tags: ['instruments'], params: numericId },
    async ({ params, db }) => {
      await db.transaction(async (trx) => {
        if (!(await trx('instruments').where({ id: params.id }).forUpdate().first('id'))) throw missingInstrument(params.id);
        await deps.instrumentsDeleting.promise({ instrumentIds: [params.id], trx });
        await trx('instruments').where({ id: params.id }).delete();
      });
      return {};
    },
  );
}

export async function createTelescope(db: Knex, input: TelescopeInput): Promise<number> {
  const body = inputs.parseOrBadRequest(telescopeBody, input);
  checkFixedLocation(body);
  const [created] = await db('telescopes')
    .insert(body)
    .returning('id')
    .catch((error) => uniqueName(error, 'a telescope', body.name));
  return created.id;
}

export async function createInstrument(db: Knex, input: InstrumentInput): Promise<number> {
  const body = inputs.parseOrBadRequest(instrumentBody, input);
  checkFilters(body.filters);
  checkSensitivity(body.sensitivity_data, body.filters);
  const telescope = await db('telescopes').where({ id: body.telescope_id }).first('id');
  if (!telescope) throw badRequest(`telescope_id: no telescope ${body.telescope_id}`);
  const [created] = await db('instruments')
    .insert({ ...instrumentRow(body), band: body.band ?? null })
    .returning('id')
    .catch((error) => uniqueName(error, 'an instrument', body.name));
  return created.id;
}
