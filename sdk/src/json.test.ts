import { exactInteger, stringifyWithExactIntegers } from './json.js';

describe('exact integers in JSON answers', () => {
  test('a wrapped integer past 2^53 is written with its exact digits', () => {
    const text = stringifyWithExactIntegers({ healpix: exactInteger(3120579787410559663n), list: [exactInteger('-9007199254740993')] });
    expect(text).toBe('{"healpix":3120579787410559663,"list":[-9007199254740993]}');
    // A plain number would have been rounded.
    expect(JSON.stringify({ healpix: Number('3120579787410559663') })).not.toContain('3120579787410559663');
  });

  test('strings that look like the mark stay strings', () => {
    const text = stringifyWithExactIntegers({ a: '\\u0000exact-integer:5', b: 'x\u0000exact-integer:5', c: 'exact-integer:5' });
    expect(JSON.parse(text)).toEqual({ a: '\\u0000exact-integer:5', b: 'x\u0000exact-integer:5', c: 'exact-integer:5' });
  });

  test('only integers are accepted', () => {
    expect(() => exactInteger('1.5')).toThrow(/not an integer/);
    expect(() => exactInteger('12 ')).toThrow(/not an integer/);
  });
});
