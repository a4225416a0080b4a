import { conditionsSchema, evaluateConditions, fieldValue, MAX_CONDITION_DEPTH } from '../conditions.js';
import type { Conditions } from '../types.js';

// The evaluator alert ingestion runs on every packet, on ZTF-like packets: what a night's filter asks.
const packet = (candidate: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ objectId: 'ZTF21aaqjmps', candidate, ...extra });
const real = packet({ rb: 0.81, drb: 0.97, ssdistnr: -999, ndethist: 4, magpsf: 18.4, fid: 1, isdiffpos: 't', sgscore1: null });

/** A typical ZTF filter: real, bogus-free, not a known solar-system object, detected before. */
const ztf: Conditions = {
  all: [
    { field: 'candidate.rb', op: '>=', value: 0.65 },
    { field: 'candidate.drb', op: '>=', value: 0.9 },
    {
      any: [
        { field: 'candidate.ssdistnr', op: '<', value: 0 },
        { field: 'candidate.ssdistnr', op: '>', value: 12 },
      ],
    },
    { field: 'candidate.ndethist', op: '>=', value: 2 },
  ],
};

test('a ZTF filter passes a real transient and stops each kind of junk', () => {
  expect(evaluateConditions(ztf, real)).toBe(true);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, rb: 0.64 }))).toBe(false);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, rb: 0.65 }))).toBe(true); // >= holds at the bound
  expect(evaluateConditions(ztf, packet({ ...real.candidate, drb: 0.89 }))).toBe(false);
  // A known asteroid within 12 arcsec is not a transient; far from any (or none listed: -999) is.
  expect(evaluateConditions(ztf, packet({ ...real.candidate, ssdistnr: 3.2 }))).toBe(false);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, ssdistnr: 12 }))).toBe(false);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, ssdistnr: 12.01 }))).toBe(true);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, ndethist: 1 }))).toBe(false);
});

test('a missing or null field satisfies no comparison', () => {
  const { rb: _rb, ...noRb } = real.candidate;
  expect(evaluateConditions(ztf, packet(noRb))).toBe(false);
  expect(evaluateConditions(ztf, packet({ ...real.candidate, rb: null }))).toBe(false);
  expect(evaluateConditions({ field: 'candidate.sgscore1', op: '<', value: 0.5 }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.nope', op: '!=', value: 1 }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.nope', op: '==', value: null }, real)).toBe(false);
  // A path through something that is not an object stops there.
  expect(evaluateConditions({ field: 'candidate.rb.x', op: '>=', value: 0 }, real)).toBe(false);
  expect(fieldValue(real, 'objectId.length')).toBeUndefined();
  // null is a value for equality.
  expect(evaluateConditions({ field: 'candidate.sgscore1', op: '==', value: null }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.sgscore1', op: '!=', value: 0.5 }, real)).toBe(true);
  // "absent or different" is said with not.
  expect(evaluateConditions({ not: { field: 'candidate.nope', op: '==', value: 1 } }, real)).toBe(true);
});

test('types do not mix: a number never compares with text', () => {
  expect(evaluateConditions({ field: 'candidate.isdiffpos', op: '>=', value: 0 }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.magpsf', op: '==', value: '18.4' }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.isdiffpos', op: '==', value: 't' }, real)).toBe(true);
  expect(evaluateConditions({ field: 'objectId', op: '>=', value: 'ZTF21' }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.fid', op: '==', value: true }, real)).toBe(false);
});

test('in, exists, not and empty groups', () => {
  expect(evaluateConditions({ field: 'candidate.fid', op: 'in', value: [1, 2] }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.fid', op: 'in', value: [3] }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.isdiffpos', op: 'in', value: ['t', '1'] }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.rb', op: 'exists' }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.sgscore1', op: 'exists' }, real)).toBe(false);
  expect(evaluateConditions({ field: 'candidate.sgscore1', op: 'exists', value: false }, real)).toBe(true);
  expect(evaluateConditions({ field: 'candidate.nope', op: 'exists', value: false }, real)).toBe(true);
  expect(evaluateConditions({ not: ztf }, real)).toBe(false);
  expect(evaluateConditions({ all: [] }, real)).toBe(true);
  expect(evaluateConditions({ any: [] }, real)).toBe(false);
  expect(evaluateConditions(null, {})).toBe(true);
  // Nesting to the depth allowed.
  let deep: Conditions = { field: 'candidate.rb', op: '>', value: 0.8 };
  for (let i = 0; i < MAX_CONDITION_DEPTH; i += 1) deep = i % 2 ? { all: [deep] } : { not: { not: deep } };
  expect(evaluateConditions(deep, real)).toBe(true);
});

test('an obj field of the packet root is reachable too (prv_candidates is a list: not a path)', () => {
  expect(evaluateConditions({ field: 'objectId', op: '==', value: 'ZTF21aaqjmps' }, real)).toBe(true);
  const withPrv = packet(real.candidate, { prv_candidates: [{ rb: 0.9 }] });
  expect(evaluateConditions({ field: 'prv_candidates.rb', op: '>=', value: 0 }, withPrv)).toBe(false);
});

test('the schema names the path of each problem, and caps size and depth', () => {
  const problems = (value: unknown) => {
    const result = conditionsSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('/'));
  };
  expect(problems(ztf)).toEqual([]);
  expect(problems(null)).toEqual([]);
  expect(
    problems({
      all: [
        { field: 'rb', op: '>=', value: 1 },
        { field: 'drb', op: '=>', value: 1 },
      ],
    }),
  ).toEqual(['all/1/op']);
  expect(problems({ field: 'rb', op: 'in', value: [] })).toEqual(['value']);
  expect(problems({ field: 'rb', op: '>=', value: null })).toEqual(['value']);
  expect(problems({ field: 'rb', op: 'exists', value: 'yes' })).toEqual(['value']);
  expect(problems({ not: 'rb > 1' })).toEqual(['not']);
  expect(problems({ any: [{}] })).toEqual(['any/0/field', 'any/0/op']);
  expect(problems([])).toEqual(['']);
  let deep: unknown = { field: 'rb', op: '>', value: 0 };
  for (let i = 0; i <= MAX_CONDITION_DEPTH; i += 1) deep = { not: deep };
  expect(problems(deep).length).toBe(1);
  expect(problems({ any: Array.from({ length: 600 }, () => ({ field: 'rb', op: '>', value: 0 })) })).toEqual(['any/499']);
});
