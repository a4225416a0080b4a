/**
 * Property-based fuzz of the photometry parser (fast-check): whatever a client posts, the parser
 * either refuses it with a 400 naming a field, or returns rows that PostgreSQL stores as given and
 * that read back as finite numbers. It never throws anything else.
 */
import fc from 'fast-check';
import { ApiError, inputs } from '@skyportal/sdk';
import { parsePhotometry, type ParsedPhotometry } from '../server/parse.js';
import { STORED_FLUX_MAX, STORED_FLUX_MIN, fluxToMag, fluxToMagerr, fluxerrToLimit } from '../server/units.js';

const MAX_ROWS = 20;
const FIELDS = [
  'obj_id',
  'instrument_id',
  'mjd',
  'filter',
  'magsys',
  'mag',
  'magerr',
  'limiting_mag',
  'limiting_mag_nsigma',
  'flux',
  'fluxerr',
  'zp',
  'ra',
  'dec',
  'ra_unc',
  'dec_unc',
  'origin',
  'altdata',
  'group_ids',
] as const;

/** Values that broke things before, and their neighbours. */
const edges = fc.constantFrom<unknown>(
  99999999999,
  4294967297,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  1e-320,
  5e-324,
  360,
  720,
  -10,
  99,
  -99,
  '0x10',
  'Infinity',
  '-Infinity',
  'NaN',
  'nan',
  '',
  ' ',
  '1e400',
  '1e3',
  ' 12 ',
  'ztfg',
  'ab',
  'vega',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udc00x',
  '\u200b\u200b',
  'x'.repeat(300),
  true,
  null,
  {},
  [],
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: edges },
  { weight: 2, arbitrary: fc.double() }, // NaN, ±Infinity, -0 and subnormals included
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 20 }), // lone surrogates, NUL and every code point
  fc.string({ maxLength: 10 }),
  fc.constant(undefined),
);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  fc.array(scalar, { minLength: 0, maxLength: 4 }),
  fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), scalar, { maxKeys: 3 }),
  fc.array(fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }), { maxLength: 3 }),
);

const base = {
  mag: { obj_id: 'ZTF18aabcvnq', instrument_id: 1, mjd: 59000, filter: 'ztfg', magsys: 'ab', mag: 19, magerr: 0.1, limiting_mag: 21 },
  flux: { obj_id: 'ZTF18aabcvnq', instrument_id: 1, mjd: 59000, filter: 'ztfg', magsys: 'ab', flux: 100, fluxerr: 5, zp: 25 },
};
/** A valid post with one to four fields replaced by hostile values: reaches every check of the parser. */
const nearlyValid = fc
  .tuple(fc.constantFrom('mag', 'flux') as fc.Arbitrary<keyof typeof base>, fc.dictionary(fc.constantFrom(...FIELDS), hostile, { minKeys: 1, maxKeys: 4 }))
  .map(([mode, changes]) => ({ ...base[mode], ...changes }));

/** What the parser may answer: rows, or a 400 whose message starts with the field (or `body`). */
function outcome(body: unknown): { rows: ParsedPhotometry } | { refused: string } {
  try {
    return { rows: parsePhotometry(body, MAX_ROWS) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    return { refused: error.message };
  }
}

/** `mag[3]: `, `altdata[2].note: `, `altdata["k\\u0000"]: `: a field of the post, then what is wrong. */
const NAMED = new RegExp(`^(body|${FIELDS.join('|')})(\\[\\d+\\]|\\["([^"\\\\]|\\\\.)*"\\]|\\.[A-Za-z_][\\w-]*)*: `);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);
const within = (value: number, bounds: inputs.Bounds) => inputs.boundsProblem(value, bounds) === undefined;

/**
 * What is wrong with the rows as PostgreSQL would store them, and with what they read back as
 * (finite, in range, storable text), as a list: one assertion per case keeps thousands of runs fast.
 */
function rowProblems(rows: ParsedPhotometry, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || problems.push(what));
  check(rows.count >= 1 && rows.count <= MAX_ROWS, `count ${rows.count}`);
  for (let i = 0; i < rows.count; i++) {
    const given = Array.isArray(body.instrument_id) ? body.instrument_id[i] : body.instrument_id;
    check(rows.instrumentId[i] === Number(given), `instrument_id[${i}] ${given} stored as ${rows.instrumentId[i]}`); // no 32-bit wrap
    check(within(rows.instrumentId[i]!, { min: 1, max: inputs.INT4_MAX }), `instrument_id[${i}] ${rows.instrumentId[i]}`);
    check(within(rows.mjd[i]!, inputs.MJD), `mjd[${i}] ${rows.mjd[i]}`);
    const flux = rows.flux[i]!;
    const fluxerr = rows.fluxerr[i]!;
    check(Number.isNaN(flux) || Math.abs(flux) <= STORED_FLUX_MAX, `flux[${i}] ${flux}`);
    check(fluxerr >= STORED_FLUX_MIN && fluxerr <= STORED_FLUX_MAX, `fluxerr[${i}] ${fluxerr}`);
    check(Number.isNaN(flux) || flux === 0 || Math.abs(flux) >= STORED_FLUX_MIN, `flux[${i}] ${flux}`);
    // What a reader gets back is finite.
    const stored = Number.isNaN(flux) ? null : flux;
    for (const value of [fluxToMag(stored), fluxToMagerr(stored, fluxerr), fluxerrToLimit(fluxerr)]) {
      check(value === null || Number.isFinite(value), `row ${i} reads back as ${value}`);
    }
    for (const [name, value, bounds] of [
      ['ra', rows.ra[i]!, inputs.RA],
      ['dec', rows.dec[i]!, inputs.DEC],
      ['ra_unc', rows.raUnc[i]!, { min: 0, max: 648_000 }],
      ['dec_unc', rows.decUnc[i]!, { min: 0, max: 648_000 }],
    ] as const) {
      check(Number.isNaN(value) || within(value, bounds), `${name}[${i}] ${value}`);
    }
    const objId = rows.objId[i]!;
    check(objId.length > 0 && objId.length <= 200 && objId === objId.normalize('NFC').trim(), `obj_id[${i}] ${JSON.stringify(objId)}`);
    check(storable(objId) && storable(rows.origin[i]!) && storable(rows.filter[i]!), `text of row ${i} is not storable`);
    check(rows.origin[i]!.length <= 200, `origin[${i}] of ${rows.origin[i]!.length} characters`);
    const altdata = rows.altdata[i];
    if (altdata !== null && altdata !== undefined) {
      check(Buffer.byteLength(altdata) <= 4096, `altdata[${i}] of ${Buffer.byteLength(altdata)} bytes`);
      check(inputs.findUnstorable(JSON.parse(altdata)) === undefined, `altdata[${i}] is not storable`);
    }
    const original = rows.originalUserData[i];
    if (original) check(Number.isFinite(JSON.parse(original).limiting_mag), `limiting_mag[${i}] ${original}`);
  }
  if (Array.isArray(rows.groupIds))
    for (const id of rows.groupIds) check(Number.isInteger(id) && within(id, { min: 1, max: inputs.INT4_MAX }), `group id ${id}`);
  return problems;
}

test('a nearly valid post with hostile fields: stored finite and in range, or a 400 naming the field', () => {
  fc.assert(
    fc.property(nearlyValid, (body) => {
      const result = outcome(body);
      if ('refused' in result) expect(result.refused).toMatch(NAMED);
      else expect(rowProblems(result.rows, body)).toEqual([]);
    }),
    { numRuns: 3000 },
  );
});

test('anything at all as a body: a 400, never another error', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.dictionary(fc.constantFrom(...FIELDS), hostile)), (body) => {
      const result = outcome(body);
      if ('rows' in result) expect(rowProblems(result.rows, body as Record<string, unknown>)).toEqual([]);
    }),
    { numRuns: 2000 },
  );
});

test('valid magnitudes within the stated ranges are accepted and read back as posted', () => {
  const row = fc.record({
    mag: fc.double({ min: -30, max: 100, noNaN: true }),
    magerr: fc.double({ min: 0.001, max: 10, noNaN: true }),
    mjd: fc.double({ min: -100_000, max: 100_000, noNaN: true }),
    ra: fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
    dec: fc.double({ min: -90, max: 90, noNaN: true }),
  });
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: MAX_ROWS }), (points) => {
      const columns = Object.fromEntries(['mag', 'magerr', 'mjd', 'ra', 'dec'].map((key) => [key, points.map((p) => p[key as keyof typeof p])]));
      const result = outcome({ ...columns, obj_id: 'ZTF18aabcvnq', instrument_id: 7, filter: 'ztfr', magsys: 'ab' });
      if ('refused' in result) throw new Error(`refused a valid post: ${result.refused}`);
      const problems = rowProblems(result.rows, { instrument_id: 7 });
      points.forEach((point, i) => {
        const mag = fluxToMag(result.rows.flux[i]!)!;
        const magerr = fluxToMagerr(result.rows.flux[i]!, result.rows.fluxerr[i]!)!;
        if (Math.abs(mag - point.mag) > 1e-9 || Math.abs(magerr - point.magerr) > 1e-9)
          problems.push(`row ${i}: ${point.mag}±${point.magerr} read back as ${mag}±${magerr}`);
      });
      expect(problems).toEqual([]);
    }),
    { numRuns: 500 },
  );
});
