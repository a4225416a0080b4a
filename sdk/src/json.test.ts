import { exactInteger, floatList, stringifyWithExactIntegers } from './json.js';

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

describe('float lists in JSON answers', () => {
  test('whole numbers are written with a decimal point, so Python reads floats; the rest as JavaScript writes them', () => {
    const text = stringifyWithExactIntegers({ wavelengths: floatList([4000, 4500.5, -0, 1e-16, 2e21, -3]), n: 3 });
    expect(text).toBe('{"wavelengths":[4000.0,4500.5,0.0,1e-16,2e+21,-3.0],"n":3}');
    expect(JSON.parse(text).wavelengths).toEqual([4000, 4500.5, 0, 1e-16, 2e21, -3]);
  });

  test('a value that is not finite is null, and an empty list stays a list', () => {
    expect(stringifyWithExactIntegers([floatList([NaN, Infinity, 1]), floatList([])])).toBe('[[null,null,1.0],[]]');
  });

  test('strings that look like the mark stay strings', () => {
    const text = stringifyWithExactIntegers({ a: 'x\u0000float-list:[1]', b: '\\u0000float-list:[1]' });
    expect(JSON.parse(text)).toEqual({ a: 'x\u0000float-list:[1]', b: '\\u0000float-list:[1]' });
  });
});
