/**
 * A spectrum from an ASCII file: `#` header lines (their keywords, see header.ts), then rows of
 * numbers separated by whitespace or commas, one pixel per row, the same number of columns in each.
 * A first row of column names (`wavelengths,fluxes`) is allowed. The caller chooses which column
 * holds the wavelengths, the fluxes and (optionally) the errors; other columns may hold anything.
 * Every problem is a 400 naming the field and the line, before anything is stored.
 */
import { badRequest, inputs } from '@skyportal/sdk';
import type { ParsedSpectrum } from '../types.js';
import { headerKeywords } from './header.js';
import { PIXEL_RULES } from './pixels.js';

export interface AsciiColumns {
  wave_column: number;
  flux_column: number;
  fluxerr_column: number | null;
}

const COMMENT = /^\s*#/;
/** Fortran's double-precision exponent (`1.5D-16`), which IRAF-era pipelines still write. */
const FORTRAN_REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)[dD][+-]?\d+$/;

function cellNumber(cell: string): number | undefined {
  return inputs.parseDecimal(FORTRAN_REAL.test(cell) ? cell.replace(/[dD]/, 'e') : cell);
}

function splitRow(line: string, commas: boolean): string[] {
  return commas ? line.split(',').map((cell) => cell.trim()) : line.trim().split(/\s+/);
}

/** Reads the file; `maxPixels` bounds the rows, `maxHeaderBytes` the header's keywords as JSON. */
export function parseAsciiSpectrum(text: string, columns: AsciiColumns, limits: { maxPixels: number; maxHeaderBytes: number }): ParsedSpectrum {
  const headerLines: string[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  let commas: boolean | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    if (COMMENT.test(line)) {
      headerLines.push(line.replace(COMMENT, '').trim());
      continue;
    }
    if (line.trim() === '') continue;
    commas ??= line.includes(',');
    rows.push({ line: index + 1, cells: splitRow(line, commas) });
    if (rows.length > limits.maxPixels + 1) throw badRequest(`ascii: more than ${limits.maxPixels} rows, the most pixels a spectrum may have`);
  }

  let columnNames: string[] | null = null;
  if (rows.length && rows[0]!.cells.some((cell) => cellNumber(cell) === undefined)) columnNames = rows.shift()!.cells;
  if (!rows.length) throw badRequest('ascii: no rows of numbers (wavelength, flux) found');
  if (rows.length > limits.maxPixels) throw badRequest(`ascii: ${rows.length} rows, more than the ${limits.maxPixels} pixels a spectrum may have`);

  const columnCount = rows[0]!.cells.length;
  if (columnCount < 2) throw badRequest(`ascii: a spectrum needs at least 2 columns (wavelength, flux); line ${rows[0]!.line} has ${columnCount}`);
  if (columnNames && columnNames.length !== columnCount) {
    throw badRequest(`ascii: the first row names ${columnNames.length} columns, but line ${rows[0]!.line} has ${columnCount}`);
  }
  for (const row of rows) {
    if (row.cells.length !== columnCount)
      throw badRequest(`ascii: line ${row.line} has ${row.cells.length} columns, expected ${columnCount} as on line ${rows[0]!.line}`);
  }
  for (const field of ['wave_column', 'flux_column', 'fluxerr_column'] as const) {
    const index = columns[field];
    if (index !== null && index >= columnCount)
      throw badRequest(`${field}: there is no column ${index}; the file has ${columnCount} (0 to ${columnCount - 1})`);
  }

  const read = (index: number, field: 'wavelengths' | 'fluxes' | 'errors') => {
    const rule = PIXEL_RULES[field];
    return rows.map(({ line, cells }) => {
      const cell = cells[index]!;
      const value = cellNumber(cell);
      const problem = value === undefined ? `not a number: ${JSON.stringify(cell.slice(0, 40))}` : rule.problem(value);
      if (problem) throw badRequest(`${field}: line ${line}, column ${index}: ${problem}`);
      return value!;
    });
  };
  const altdata = headerKeywords(headerLines);
  const tooBig = altdata && inputs.jsonObjectProblem(altdata, limits.maxHeaderBytes);
  if (tooBig) throw badRequest(`ascii: the header's keywords are ${tooBig}`);
  return {
    wavelengths: read(columns.wave_column, 'wavelengths'),
    fluxes: read(columns.flux_column, 'fluxes'),
    errors: columns.fluxerr_column === null ? null : read(columns.fluxerr_column, 'errors'),
    altdata,
    column_count: columnCount,
    column_names: columnNames,
  };
}
