/** The shapes of this plugin's requests: each field checked, a bad one refused naming it. */
import { inputs, z } from '@skyportal/sdk';
import { SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import { hierarchy } from './hierarchy.js';

export const idParams = z.object({ id: inputs.dbId });
export const sourceParams = z.object({ id: inputs.textField(SOURCE_ID_RULE) });

const groupIds = inputs.dbIdArray(1000);

/** An object refusing keys it does not know, each named as the field it is (`colour: unknown field`). */
const closed = <T extends z.ZodRawShape>(shape: T) =>
  z.looseObject(shape).superRefine((value, ctx) => {
    for (const key of Object.keys(value)) if (!(key in shape)) ctx.addIssue({ code: 'custom', path: [key], message: 'unknown field' });
  });

// --- taxonomies --------------------------------------------------------------------------------

export const taxonomyPostBody = closed({
  name: inputs.name(200).describe('Short, memorable name of the taxonomy'),
  version: inputs.name(100).describe('Its version (semantic versioning advised)'),
  hierarchy: hierarchy.optional(),
  hierarchy_file: inputs.text(2_000_000).optional().describe('The hierarchy as YAML text, instead of `hierarchy`'),
  provenance: inputs.text(2000).nullable().optional().describe('Where it comes from: a URL, a git hash'),
  group_ids: groupIds.optional().describe('Groups that may use it (default: the sitewide group)'),
  isLatest: z.boolean().default(true).describe('The latest version of the taxonomies of this name (clears the flag of the others)'),
});

export const taxonomyPutBody = closed({
  name: inputs.name(200).optional(),
  version: inputs.name(100).optional(),
  provenance: inputs.text(2000).nullable().optional(),
  isLatest: z.boolean().optional(),
  group_ids: groupIds.min(1, 'at least one group').optional(),
  // Refused with a message saying what to do instead (classifications depend on the tree).
  hierarchy: z.unknown().optional(),
});

// --- classifications ---------------------------------------------------------------------------

/** SkyPortal's bound, with its words: clients look for "outside the allowable range". */
const probability = z
  .number({ error: 'expected a number within [0, 1], or null' })
  .refine((value) => value >= 0 && value <= 1, { error: (issue) => `${String(issue.input)} is outside the allowable range (0-1)` })
  .nullable()
  .describe('Probability of this class, within [0, 1]');

const classificationFields = {
  classification: inputs.name(200).describe('A class of the taxonomy'),
  taxonomy_id: inputs.dbId,
  probability: probability.optional(),
  origin: inputs.text(200).nullable().optional().describe('Who or what classified (SCoPe, a pipeline)'),
  // SkyPortal takes True/False, 't'/'f' and 'true'/'false'.
  ml: z
    .preprocess((value) => (value === 't' ? true : value === 'f' ? false : value), inputs.flag())
    .optional()
    .describe('Made by a machine-learning model'),
  group_ids: groupIds.optional().describe('Groups that may read it (default: the sitewide group)'),
};

export const classificationInput = closed({
  obj_id: inputs.textField(SOURCE_ID_RULE),
  ...classificationFields,
  vote: z.boolean().default(true).describe("Add the author's up vote (default true)"),
  label: z.boolean().default(true).describe('Label the source for the groups (default true), as SkyPortal does'),
});
export type ClassificationPost = z.output<typeof classificationInput>;

export const MAX_CLASSIFICATIONS_PER_POST = 1000;
export const bulkClassificationInput = closed({ classifications: z.array(classificationInput).min(1, 'at least one').max(MAX_CLASSIFICATIONS_PER_POST) });

/** One classification, or `{ classifications: [...] }` (told apart in the handler, so errors name the field). */
export const classificationPostBody = z.looseObject({}).describe('A classification, or { classifications: [ ... ] } for several');

export const classificationPutBody = closed({
  // SkyPortal's clients send the whole classification back; the obj cannot change.
  obj_id: inputs.textField(SOURCE_ID_RULE).optional(),
  ...classificationFields,
  classification: classificationFields.classification.optional(),
  taxonomy_id: inputs.dbId.optional(),
  id: z.unknown().optional(),
});

export const classificationListQuery = z.object({
  pageNumber: inputs.integerFromText(1, inputs.INT4_MAX).default(1),
  numPerPage: inputs
    .integerFromText(1, inputs.INT4_MAX)
    .default(100)
    .transform((n) => Math.min(n, 500))
    .describe('At most 500 (more asks for 500)'),
  startDate: inputs.isoDate().optional().describe('Made at or after'),
  endDate: inputs.isoDate().optional().describe('Made at or before'),
  includeTaxonomy: inputs.flag().optional(),
});

export const classificationOneQuery = z.object({ includeTaxonomy: inputs.flag().optional() });

export const classificationSourcesQuery = z.object({
  startDate: inputs.isoDate().optional(),
  endDate: inputs.isoDate().optional(),
});

export const voteBody = closed({ vote: z.union([z.literal(1), z.literal(-1)], { error: 'expected 1 (agree) or -1 (disagree)' }) });
