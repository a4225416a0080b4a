/**
 * The streamed reader of uploads against JSON.parse (fast-check): whatever the body and however
 * it is cut into chunks, `readColumns` gives back what JSON.parse gives (each packed list, value
 * for value), or refuses with a 400 exactly when JSON.parse refuses or the core's own check of a
 * parsed body (storable text, nesting) would.
 */
import fc from 'fast-check';
import { ApiError, inputs } from '@skyportal/sdk';
import { JSON_BLANK, readColumns } from '../server/upload-stream.js';
import { PackedList } from '../server/packed-list.js';
import { ROW_FIELD_NAMES } from '../server/parse.js';

const LIMIT = 1_000_000;

/** The body cut at the given byte offsets (as the network may cut it, even inside a character). */
async function* chunks(bytes: Buffer, cuts: number[]) {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(at, cut);
    at = cut;
  }
  yield bytes.subarray(at);
}

/** Packed lists unpacked, to compare with JSON.parse. */
function unpacked(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = field instanceof PackedList ? Array.from({ length: field.length }, (_, i) => field.get(i)) : field;
  }
  return out;
}

async function read(text: string, cuts: number[] = []) {
  try {
    return { value: await readColumns(chunks(Buffer.from(text), cuts), ROW_FIELD_NAMES, LIMIT, '1mb') };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, message: error.message };
  }
}

/** What the core would answer for this body: its value, or a 400. */
function coreView(text: string): { value: unknown } | { status: number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400 };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { status: 400 };
  return inputs.findUnstorable(value) ? { status: 400 } : { value };
}

const field = fc.constantFrom('mjd', 'filter', 'flux', 'obj_id', 'altdata', 'group_ids', 'other');
const body = fc.oneof(
  // Bodies as clients send them: fields with JSON values, lists among them.
  fc
    .dictionary(
      field,
      fc.oneof(fc.jsonValue(), fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 30 })),
      { maxKeys: 5 },
    )
    .map((v) => JSON.stringify(v)),
  // Any JSON text, and broken text.
  fc.json(),
  fc.json().map((t) => t.slice(0, Math.max(0, t.length - 1))),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

test('gives what JSON.parse gives, or a 400 where the core refuses, under any chunking', async () => {
  await fc.assert(
    fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 6 }), async (text, cuts) => {
      const expected = coreView(text);
      const got = await read(text, cuts);
      if ('status' in expected) {
        // A blank body (JSON's whitespace only; not \v or U+3000, which JSON.parse refuses) is {}.
        if (JSON_BLANK.test(text)) return expect(got).toEqual({ value: {} });
        return expect(got.status).toBe(400);
      }
      expect(got.status).toBeUndefined();
      expect(unpacked(got.value!)).toEqual(expected.value);
    }),
    { numRuns: 2000 },
  );
});

test('lists of the row fields are packed; others are plain values', async () => {
  const { value } = await read('{"mjd":[1,null,"2",-0,1e309],"filter":["ztfg","ztfg"],"altdata":[{"a":[1]}],"group_ids":[3]}');
  expect(value!.mjd).toBeInstanceOf(PackedList);
  expect((value!.mjd as PackedList).get(3)).toBe(-0);
  expect((value!.mjd as PackedList).get(4)).toBe(Infinity);
  expect(value!.filter).toBeInstanceOf(PackedList);
  expect(value!.altdata).toEqual([{ a: [1] }]);
  expect(value!.group_ids).toEqual([3]);
});

test('names the place of unstorable text and of too deep nesting, as the core does', async () => {
  expect((await read('{"filter":["ztfg","ztfr","a\\u0000"]}')).message).toBe('Invalid body: filter[2]: contains a NUL character (\\u0000)');
  expect((await read('{"altdata":{"n\\ud800":1}}')).message).toMatch(/^Invalid body: altdata\["n\\ud800"\]: key contains a lone/);
  const deep = `{"altdata":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
  expect((await read(deep)).message).toBe('Invalid body: altdata.a.a: nested deeper than 32 levels');
  expect((await read('[1,2]')).message).toMatch(/^body: expected a JSON object/);
  expect((await read('{"mjd":[1,2]} {"mjd":3}')).status).toBe(400);
});

test('stops at the limit with a 413', async () => {
  const text = JSON.stringify({ mjd: Array.from({ length: 200_000 }, (_, i) => i) });
  const cuts = Array.from({ length: 100 }, (_, i) => i * 20_000);
  await expect(readColumns(chunks(Buffer.from(text), cuts), ROW_FIELD_NAMES, 100_000, '0.1mb')).rejects.toMatchObject({
    status: 413,
    message: 'Request body larger than 0.1mb',
  });
});
