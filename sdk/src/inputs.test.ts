import { z } from 'zod';
import { inputs } from '@skyportal/sdk';

const issue = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]!.message;
};

describe('database ids', () => {
  test.each([
    [1, 1],
    ['42', 42],
    [2 ** 31 - 1, 2 ** 31 - 1],
  ])('%j is the id %j', (value, id) => expect(inputs.dbId.parse(value)).toBe(id));

  test.each([0, -1, 1.5, 2 ** 31, 99999999999, 4294967297, '0x10', '', ' ', '1e400', 'NaN', null, true, [1], {}])('%j is refused', (value) => {
    expect(inputs.dbId.safeParse(value).success).toBe(false);
    expect(inputs.dbIdProblem(value)).toEqual(expect.any(String));
  });
});

describe('text', () => {
  test('names are NFC-normalised and trimmed', () => {
    expect(inputs.name(10).parse('  Cafe\u0301 ')).toBe('Café');
  });
  test.each([
    ['a NUL', 'ab\u0000c', /NUL/],
    ['a lone high surrogate', 'ab\ud800', /surrogate/],
    ['a lone low surrogate', '\udc00ab', /surrogate/],
    ['two zero-width spaces', '\u200b\u200b', /visible/],
    ['only spaces', '   ', /empty/],
    ['a control character', 'a\u0007b', /control/],
    ['too long', 'x'.repeat(11), /at most 10 characters/],
  ])('a name with %s is refused', (_what, value, message) => {
    expect(issue(inputs.name(10), value)).toMatch(message);
  });
  test('identifiers refuse invisible characters anywhere', () => {
    expect(issue(inputs.identifier(20), 'ZTF\u200b18abc')).toMatch(/invisible/);
    expect(issue(inputs.identifier(20), 'ZTF 18abc')).toMatch(/whitespace/);
    expect(inputs.identifier(20).parse('ZTF18abc')).toBe('ZTF18abc');
  });
  test('free text keeps what it is given, but not NUL', () => {
    expect(inputs.text(20).parse('  two\nlines ')).toBe('  two\nlines ');
    expect(issue(inputs.text(20), 'a\u0000')).toMatch(/NUL/);
    expect(inputs.text(20).parse('emoji 🔭')).toBe('emoji 🔭');
  });
});

describe('numbers', () => {
  test('decimal text only: no hex, no Infinity', () => {
    expect(inputs.parseDecimal('16')).toBe(16);
    expect(inputs.parseDecimal(' -1.5e3 ')).toBe(-1500);
    for (const text of ['0x10', '0b1', '', 'Infinity', '1e400'.slice(0, 0), 'nan', '1,5']) expect(inputs.parseDecimal(text)).toBeUndefined();
  });
  test('ra within [-360, 720] is normalised into [0, 360); beyond, it is refused', () => {
    const ra = inputs.ra();
    for (const [given, stored] of [
      [0, 0],
      [359.999, 359.999],
      [360, 0],
      [720, 0],
      [-10, 350],
      [-360, 0],
      [500, 140],
      [-1e-14, 0],
      [-0, 0],
    ]) {
      expect(Object.is(ra.parse(given), stored)).toBe(true);
    }
    for (const value of [720.5, -361, 1e300, Infinity, Number.NaN, '10']) expect(ra.safeParse(value).success).toBe(false);
    expect(inputs.raFromText().parse('-10')).toBe(350);
    expect(inputs.boundsProblem(721, inputs.RA_GIVEN)).toBe('must be within [-360, 720], got 721');
  });
  test('redshift is > -1', () => {
    expect(inputs.boundsProblem(-1, inputs.REDSHIFT)).toMatch(/\(-1, 100\]/);
    expect(inputs.boundsProblem(-0.5, inputs.REDSHIFT)).toBeUndefined();
  });
});

describe('dates', () => {
  test.each([
    ['2021-03-01', '2021-03-01T00:00:00.000Z'],
    ['2021-03-01T12:30:00', '2021-03-01T12:30:00.000Z'],
    ['2021-03-01 12:30:00.123456', '2021-03-01T12:30:00.123Z'],
    ['2021-03-01T12:30:00+02:00', '2021-03-01T10:30:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('%s is %s (UTC unless a zone is given)', (text, iso) => expect(inputs.parseIsoDate(text)?.toISOString()).toBe(iso));

  test.each([
    '-200000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01',
    '2021-02-30',
    '2021-13-01',
    '2021-01-01T24:00:00',
    'yesterday',
    '1614556800',
    '',
  ])('%j is refused', (text) => expect(inputs.parseIsoDate(text)).toBeUndefined());
});

describe('whole requests', () => {
  test('finds NUL and lone surrogates in values and keys, with their path', () => {
    expect(inputs.findUnstorable({ a: [1, { b: 'x\u0000' }] })).toEqual({ path: ['a', 1, 'b'], problem: expect.stringMatching(/NUL/) });
    expect(inputs.findUnstorable({ 'k\ud800': 1 })).toEqual({ path: ['k\ud800'], problem: expect.stringMatching(/key .*surrogate/) });
    expect(inputs.findUnstorable({ a: ['fine', 2, null, true], b: { c: 'ok 🔭' } })).toBeUndefined();
  });
  test('refuses nesting past the limit without exhausting the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(inputs.findUnstorable(deep)?.problem).toMatch(/nested deeper than 32/);
    let ok: unknown = 1;
    for (let i = 0; i < 31; i++) ok = [ok];
    expect(inputs.findUnstorable(ok)).toBeUndefined();
  });
});

describe("a request part that fails its schema: a 400 naming the field, in SkyPortal's words", () => {
  const schema = z.object({ name: inputs.name(20), diameter: inputs.finite({ min: 0 }), kind: z.enum(['imager', 'spectrograph']).optional() });
  const message = (value: unknown) => {
    try {
      inputs.parseOrBadRequest(schema, value);
    } catch (error) {
      return { status: (error as { status: number }).status, message: (error as Error).message };
    }
    return undefined;
  };

  test('an absent field is a missing required parameter, named', () => {
    expect(message({ name: 'P48' })).toEqual({ status: 400, message: 'Invalid body: diameter: Missing required parameter (expected number)' });
  });

  test('an empty (or blank) name is a missing required parameter too', () => {
    expect(message({ name: '', diameter: 1 })?.message).toBe('Invalid body: name: Missing required parameter (must not be empty)');
    expect(message({ name: '   ', diameter: 1 })?.message).toBe('Invalid body: name: Missing required parameter (must not be empty)');
  });

  test('a value of the wrong kind is not called missing', () => {
    expect(message({ name: 'P48', diameter: 'wide' })?.message).toBe('Invalid body: diameter: Invalid input: expected number, received string');
    expect(message({ name: 'P48', diameter: 1, kind: 'telescope' })?.message).toMatch(/^Invalid body: kind: Invalid option/);
  });
});

describe('yes/no query flags', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
    [false, false],
  ])('%j is %j', (value, expected) => expect(inputs.flag().parse(value)).toBe(expected));

  test.each(['', 'maybe', 'tru', '2'])('%j is refused', (value) => expect(issue(inputs.flag(), value)).toBe('expected true or false'));
});
