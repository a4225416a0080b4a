/** The inputs of the annotation routes and service, from the SDK's building blocks (one rule per field). */
import { inputs, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import { KEY_MAX_LENGTH, ORIGIN_MAX_LENGTH, type AnnotationResource } from '../types.js';

const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);

const PATH_IDS = { sources: sourceId, spectra: inputs.dbId, photometry: inputs.bigDbId } satisfies Record<AnnotationResource, z.ZodType>;

/** `{id}` of `/api/sources/{id}/...` (a source id), `/api/spectra/{id}/...` (a spectrum id) or `/api/photometry/{id}/...` (a point id). */
export const resourceParams = (resource: AnnotationResource) => z.object({ id: PATH_IDS[resource] });
export const annotationParams = (resource: AnnotationResource) => resourceParams(resource).extend({ annotation_id: inputs.dbId });

// SkyPortal's clients look for pydantic's words ("origin: Field required", "data: Input should be
// a valid dictionary"); the checks are ours, the messages theirs.
const FIELD_REQUIRED = 'Field required';
const ORIGIN_PATTERN = /^[\p{L}\p{N}_]/u;

/** Starts with a letter, digit or underscore (SkyPortal's `^\w+`); a name: trimmed, no control characters. */
export const origin = inputs
  .textField({ kind: 'name', max: ORIGIN_MAX_LENGTH, min: 0 })
  .refine((value) => ORIGIN_PATTERN.test(value), "String should match pattern '^\\w+'")
  .describe(`What made the annotation (a filter, a classifier); starts with a letter, digit or underscore; at most ${ORIGIN_MAX_LENGTH} characters`);

/** `{key: value}`: any JSON values (numbers stay numbers), at most `maxBytes` as JSON text. */
export const annotationData = (maxBytes: number) =>
  z
    .record(z.string().min(1, 'a key must not be empty').max(KEY_MAX_LENGTH, `a key has at most ${KEY_MAX_LENGTH} characters`), z.unknown(), {
      error: 'Input should be a valid dictionary',
    })
    .superRefine((value, ctx) => {
      const problem = inputs.jsonObjectProblem(value, maxBytes);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`{key: value} pairs, any JSON values; at most ${maxBytes} bytes as JSON`);

/** Who may read the annotation, each one of the caller's groups; absent or empty, all of the caller's groups (as SkyPortal). */
const groupIds = inputs.dbIdArray(200).nullable().optional().describe('Groups that may read the annotation (yours); default: all of your groups');

/** A required field whose absence is named in SkyPortal's words (the SDK words an absent field its own way). */
function required<T extends z.ZodObject>(schema: T, fields: readonly string[]) {
  return schema.superRefine((body, ctx) => {
    for (const field of fields)
      if ((body as Record<string, unknown>)[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: FIELD_REQUIRED });
  });
}

/** Fields SkyPortal's clients send that the path decides (`obj_id`, `author_id`) are ignored, as there. */
export const postBody = (maxBytes: number) =>
  required(z.object({ origin: origin.optional(), data: annotationData(maxBytes).optional(), group_ids: groupIds }), ['origin', 'data']).transform(
    (body) => body as { origin: string; data: Record<string, unknown>; group_ids?: number[] | null },
  );

/** Each field optional: what is sent changes, the rest stays. */
export const putBody = (maxBytes: number) =>
  z.object({
    origin: origin.optional(),
    data: annotationData(maxBytes).optional(),
    group_ids: inputs.dbIdArray(200).min(1, 'at least one group').nullable().optional().describe('The groups that read it from now on (yours)'),
  });

export type PostBody = z.output<ReturnType<typeof postBody>>;
export type PutBody = z.output<ReturnType<typeof putBody>>;
