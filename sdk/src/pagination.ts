import { z } from 'zod';

/** SkyPortal's paging parameters: `pageNumber` from 1, `numPerPage` up to 500. */
export const pageQuery = z.object({
  pageNumber: z.coerce.number().int().min(1).default(1),
  numPerPage: z.coerce.number().int().min(1).max(500).default(100),
});

export type PageQuery = z.output<typeof pageQuery>;

/** A comma-separated list or repeated parameter of integers (`group_ids=1,2` or `group_ids=1&group_ids=2`). */
export const intList = z.preprocess((value) => {
  if (value === undefined || value === '') return undefined;
  const parts = Array.isArray(value) ? value : String(value).split(',');
  return parts.map((part) => (typeof part === 'string' ? Number(part.trim()) : part));
}, z.array(z.number().int()).optional());

/** A boolean query flag: `true/false/1/0`. */
export const queryFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'True', 'False'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'True')
  .optional();
