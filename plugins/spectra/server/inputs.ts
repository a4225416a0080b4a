/**
 * The spectra routes' input schemas, built once from the plugin's options. Every field is
 * bounded; an unknown field is a 400 naming it (SkyPortal's schema refuses them too, `owner_id`
 * among them). Rules shared with the ASCII parser live in pixels.ts.
 */
import { inputs, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import { SPECTRUM_UNITS } from '../types.js';
import { mustBeOneOf } from './compat.js';
import { pixelArray } from './pixels.js';

export interface SpectraOptions {
  /** Pixels a spectrum may have. */
  maxPixels: number;
  /** Characters an uploaded ASCII file may have. */
  maxFileBytes: number;
  /** Allowed `type`s, and the one a spectrum gets without. */
  types: string[];
  defaultType: string;
}

/** `altdata` (a file's header keywords, or a client's metadata) is answered with every spectrum: bounded. */
export const MAX_ALTDATA_BYTES = 256 * 1024;
/** People named on one spectrum, per role. */
const MAX_PEOPLE = 100;

export const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);
const people = (role: string) => inputs.dbIdArray(MAX_PEOPLE).describe(`User ids: the spectrum's ${role} (points of contact for an external one)`);
const externalName = (role: string) =>
  inputs.name(200).nullable().describe(`Free text: a ${role} who has no account here (needs a user in the list as point of contact)`);

/** `group_ids`: a list, or `"all"` (every group of the caller). The caller's single-user group is always added. */
export const groupIdsField = z
  .union([z.literal('all'), inputs.dbIdArray(1000)], { error: 'expected a list of group ids or "all"' })
  .describe('Groups to share the spectrum with, or "all" (every group of yours); your single-user group is always added');

/** Everything about a spectrum but its pixels, as POST takes it (for PUT, all optional). */
function metadataShape(options: SpectraOptions) {
  return {
    obj_id: sourceId,
    instrument_id: inputs.dbId,
    observed_at: inputs.isoDate().describe('When it was observed (the exposure midpoint): ISO 8601, UTC unless a zone is given'),
    units: z
      .enum(SPECTRUM_UNITS, { error: mustBeOneOf(SPECTRUM_UNITS) })
      .nullable()
      .optional(),
    type: z.enum(options.types as [string, ...string[]], { error: mustBeOneOf(options.types) }).optional(),
    label: inputs.text(500).nullable().optional().describe('Shown in plot legends instead of instrument and date'),
    origin: inputs.text(500).nullable().optional(),
    altdata: inputs.jsonObject(MAX_ALTDATA_BYTES).nullable().optional(),
    pi: people('PIs').optional(),
    reduced_by: people('reducers').optional(),
    observed_by: people('observers').optional(),
    external_pi: externalName('PI').optional(),
    external_reducer: externalName('reducer').optional(),
    external_observer: externalName('observer').optional(),
    group_ids: groupIdsField.optional(),
    // SkyPortal's links to a follow-up request or assignment: no plugin offers those yet, so a
    // spectrum cannot be linked to one (refused, never dropped without a word).
    followup_request_id: z.never({ error: 'no follow-up requests on this site (no plugin offers them)' }).optional(),
    assignment_id: z.never({ error: 'no assignments on this site (no plugin offers them)' }).optional(),
  };
}

const PEOPLE_OF_EXTERNAL = [
  ['external_pi', 'pi'],
  ['external_reducer', 'reduced_by'],
  ['external_observer', 'observed_by'],
] as const;

/** An external name needs a user as its point of contact (SkyPortal's rule). */
function requireContacts(body: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [external, list] of PEOPLE_OF_EXTERNAL) {
    const contacts = body[list] as number[] | undefined;
    if (body[external] != null && !contacts?.length) {
      ctx.addIssue({ code: 'custom', path: [external], message: `needs at least one user in ${list} as its point of contact` });
    }
  }
}

/** Pixel arrays that line up (the ASCII parser's arrays line up by construction). */
export function linedUpProblem(pixels: {
  wavelengths: unknown[];
  fluxes: unknown[];
  errors?: unknown[] | null;
}): { field: 'fluxes' | 'errors'; message: string } | undefined {
  const n = pixels.wavelengths.length;
  if (pixels.fluxes.length !== n) return { field: 'fluxes', message: `has ${pixels.fluxes.length} values, but wavelengths has ${n}: one flux per wavelength` };
  if (pixels.errors && pixels.errors.length !== n)
    return { field: 'errors', message: `has ${pixels.errors.length} values, but wavelengths has ${n}: one error per wavelength` };
  return undefined;
}

export function spectrumSchemas(options: SpectraOptions) {
  const metadata = metadataShape(options);
  const pixels = {
    wavelengths: pixelArray('wavelengths', options.maxPixels),
    fluxes: pixelArray('fluxes', options.maxPixels),
    errors: pixelArray('errors', options.maxPixels).nullable().optional(),
  };

  const post = z
    .strictObject({ ...metadata, ...pixels })
    .superRefine((body, ctx) => {
      requireContacts(body, ctx);
      const problem = linedUpProblem(body);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    })
    .describe('A spectrum: pixels (wavelengths in Å, fluxes, errors?) and what is known about it');

  // Lengths are checked against the stored spectrum in the handler (a PUT may send one array).
  const put = z
    .strictObject({ ...metadata, ...pixels })
    .partial()
    .superRefine(requireContacts)
    .describe('The fields to change; group_ids adds groups (never removes one); pi, reduced_by, observed_by replace those lists');

  const columns = {
    wave_column: z.number().int().min(0).max(999).default(0).describe('0-based column of the wavelengths'),
    flux_column: z.number().int().min(0).max(999).default(1).describe('0-based column of the fluxes'),
    fluxerr_column: z.number().int().min(0).max(999).nullable().default(null).describe('0-based column of the flux errors, if any'),
  };
  const ascii = inputs.text(options.maxFileBytes).min(1, 'must not be empty').describe(`The file's text, at most ${options.maxFileBytes} characters`);

  const parseAscii = z.strictObject({ ascii, ...columns }).describe('An ASCII spectrum file to read (nothing is stored)');
  const { wavelengths: _w, fluxes: _f, errors: _e, ...fileMetadata } = { ...metadata, ...pixels };
  const postAscii = z
    .strictObject({ ascii, ...columns, ...fileMetadata, filename: inputs.text(500).min(1, 'must not be empty') })
    .superRefine(requireContacts)
    .describe('An ASCII spectrum file to store, with what is known about it');

  return { post, put, parseAscii, postAscii };
}

export type SpectrumSchemas = ReturnType<typeof spectrumSchemas>;
export type SpectrumPost = z.output<SpectrumSchemas['post']>;
export type SpectrumPut = z.output<SpectrumSchemas['put']>;
export type SpectrumAsciiPost = z.output<SpectrumSchemas['postAscii']>;
