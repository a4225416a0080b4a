/** The inputs of the candidates routes, from the SDK's building blocks. */
import { inputs, z } from '@skyportal/sdk';
import { SAVED_STATUSES } from '../types.js';

/** An obj id as SkyPortal takes it; survey ids arrive as JSON numbers too (LSST diaObject ids). */
export const objIdInput = z.preprocess(
  // Past 2^53 the route reads the digits off the raw body first (exact-id.ts).
  (value) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value),
  inputs.identifier(200).refine((id) => !/[/?#]/.test(id), 'no slashes, ? or #'),
);

/**
 * A bigint alert id (ZTF `candid`): an integer, or its digits as text. A JSON number past 2^53
 * has already lost digits when it arrives; send such ids as text.
 */
export const alertId = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,19}$/, 'an integer')])
  .nullable()
  .optional();

/** SkyPortal's empty-date spellings, sent by its web page, mean no bound. */
const optionalDate = z.preprocess(
  (value) => (typeof value === 'string' && ['', 'null', 'undefined'].includes(value.trim().toLowerCase()) ? undefined : value),
  inputs.isoDate().optional(),
);

const text = (max: number) => z.string().max(max).optional();

export const candidateListQuery = z.object({
  pageNumber: inputs.integerFromText(1, inputs.INT4_MAX).default(1),
  numPerPage: inputs.integerFromText(1, 500).default(25),
  queryID: z.string().uuid().optional().catch(undefined).describe('The snapshot of an earlier page of this query (from its answer)'),
  savedStatus: z.enum(SAVED_STATUSES).default('all'),
  startDate: optionalDate.describe('Candidates that passed at or after this date'),
  endDate: optionalDate.describe('Candidates that passed at or before this date'),
  groupIDs: inputs.dbIdList.describe('Filters of these groups (default: all of yours)'),
  filterIDs: inputs.dbIdList.describe('These filters (default: all of your groups’)'),
  minRedshift: inputs.finiteFromText({ min: -1, max: 100 }).optional(),
  maxRedshift: inputs.finiteFromText({ min: -1, max: 100 }).optional(),
  listName: text(200).describe('Only objs on this list of yours'),
  listNameReject: text(200).describe('Only objs not on this list of yours (e.g. rejected_candidates)'),
  classifications: text(2000).describe('Comma-separated classes: only objs classified so (in your groups)'),
  classificationsReject: text(2000).describe('Comma-separated classes: leave out objs classified so'),
  sortByAnnotationOrigin: text(200),
  sortByAnnotationKey: text(200),
  sortByAnnotationOrder: z.enum(['asc', 'desc']).optional(),
  annotationFilterList: text(5000).describe('Comma-separated JSON objects {origin, key, value} or {origin, key, min, max}'),
  photometryAnnotationsFilter: text(2000).describe('Comma-separated "key" or "key: value: op" (op: eq, ne, gt, ge, lt, le) on its points\' annotations'),
  photometryAnnotationsFilterOrigin: text(2000).describe('Comma-separated origins of those annotations'),
  photometryAnnotationsFilterBefore: optionalDate,
  photometryAnnotationsFilterAfter: optionalDate,
  photometryAnnotationsFilterMinCount: inputs.integerFromText(1, 1_000_000).default(1),
  nameOnly: inputs.flag().optional(),
  objID: text(200),
  autosave: inputs.flag().optional(),
  autosaveGroupIds: inputs.dbIdList,
});

export type CandidateListQuery = z.output<typeof candidateListQuery>;
