import { z } from 'zod';
import { INT4_MAX, integerFromText } from './inputs.js';

/** SkyPortal's paging parameters: `pageNumber` from 1, `numPerPage` up to 500. */
export const pageQuery = z.object({
  pageNumber: integerFromText(1, INT4_MAX).default(1),
  numPerPage: integerFromText(1, 500).default(100),
});

export type PageQuery = z.output<typeof pageQuery>;
