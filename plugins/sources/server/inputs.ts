/** The inputs of this plugin's routes and service, from the SDK's building blocks (one rule per field). */
import { inputs, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '../types.js';

export const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);

export const saveSourceBody = z.object({
  id: sourceId,
  ra: inputs.ra(),
  dec: inputs.dec(),
  redshift: inputs.redshift().nullable().optional(),
  group_ids: inputs.dbIdArray(1000).optional(),
});

/** Positions and redshift as PATCH takes them (the same ranges as on creation). */
export const sourceChanges = z.object({ ra: inputs.ra().optional(), dec: inputs.dec().optional(), redshift: inputs.redshift().nullable().optional() }).strict();

/** `startDate=` and friends: an empty value is no filter. */
const optionalDate = z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional());

export const SORT_COLUMNS = ['saved_at', 'created_at', 'id', 'ra', 'dec', 'redshift'] as const;

export const sourceListFilters = {
  sortBy: z.enum(SORT_COLUMNS).default('saved_at'),
  sortOrder: z.enum(['asc', 'desc']).default('desc'),
  group_ids: inputs.dbIdList,
  startDate: optionalDate,
  endDate: optionalDate,
  sourceID: inputs.name(200).optional().describe('Part of a source id (case-insensitive)'),
  ra: inputs.finiteFromText(inputs.RA, 'Cone search centre, degrees, within [0, 360) (values outside are refused, not wrapped)').optional(),
  dec: inputs.finiteFromText(inputs.DEC, 'Cone search centre, degrees, within [-90, 90]').optional(),
  radius: inputs.finiteFromText({ gt: 0, max: 180 }, 'Cone search radius, degrees, within (0, 180]').optional(),
};
