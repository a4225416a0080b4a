// The placeholders' exact text for known coordinates: where a link's position would go wrong (the
// poles, RA at 0 and just below 360, declinations just below 0, seconds that round up to 60).
import { decDms, fillPattern, placeholdersOf, raDegrees, raHms } from '../server/placeholders.js';
import { urlProblem } from '../server/options.js';

const EVERY = 'https://example.org/q?ra={ra}&dec={dec}&s={dec_signed}&hms={ra_hms}&dms={dec_dms}&r={radius_arcsec}&m={radius_arcmin}&d={radius_deg}';
const fill = (ra: number, dec: number, radiusArcsec = 10) => fillPattern(EVERY, { ra, dec, radiusArcsec });
const url = (ra: string, dec: string, signed: string, hms: string, dms: string, r = '10&m=0.1667&d=0.002778') =>
  `https://example.org/q?ra=${ra}&dec=${dec}&s=${signed}&hms=${hms}&dms=${dms}&r=${r}`;

test.each([
  ['an ordinary position', 150, 2.5, url('150.000000', '2.500000', '%2B2.500000', '10:00:00.00', '%2B02:30:00.0')],
  ['the north celestial pole', 0, 90, url('0.000000', '90.000000', '%2B90.000000', '00:00:00.00', '%2B90:00:00.0')],
  ['the south celestial pole', 180, -90, url('180.000000', '-90.000000', '-90.000000', '12:00:00.00', '-90:00:00.0')],
  ['RA a hair below 360 (rounds to 0, never 360 or 24h)', 359.9999999, 10, url('0.000000', '10.000000', '%2B10.000000', '00:00:00.00', '%2B10:00:00.0')],
  ['RA just below 360 (6 decimals keep it; 0.01 s does not)', 359.99999, 10, url('359.999990', '10.000000', '%2B10.000000', '00:00:00.00', '%2B10:00:00.0')],
  ['RA a hair above 0', 0.0000001, 0, url('0.000000', '0.000000', '%2B0.000000', '00:00:00.00', '%2B00:00:00.0')],
  ['Dec half a degree below 0 (sign kept, leading zeros)', 45, -0.5, url('45.000000', '-0.500000', '-0.500000', '03:00:00.00', '-00:30:00.0')],
  ['Dec a hair below 0 (rounds to zero: no minus sign)', 45, -0.00000001, url('45.000000', '0.000000', '%2B0.000000', '03:00:00.00', '%2B00:00:00.0')],
  [
    'sexagesimal fields',
    (10 + 41 / 60 + 22.34 / 3600) * 15,
    -(33 + 2 / 60 + 3.26 / 3600),
    url('160.343083', '-33.034239', '-33.034239', '10:41:22.34', '-33:02:03.3'),
  ],
  [
    'seconds that round up carry into the minute and degree',
    (59.9999 / 3600) * 15,
    29.99999999,
    url('0.250000', '30.000000', '%2B30.000000', '00:01:00.00', '%2B30:00:00.0'),
  ],
])('%s', (_what, ra, dec, expected) => {
  expect(fill(ra, dec)).toBe(expected);
});

test.each([
  [10, 'r=10&m=0.1667&d=0.002778'],
  [60, 'r=60&m=1&d=0.016667'],
  [2, 'r=2&m=0.0333&d=0.000556'],
  [1.5, 'r=1.5&m=0.025&d=0.000417'],
  [3600, 'r=3600&m=60&d=1'],
])('a radius of %p″ is written without trailing zeros', (radius, expected) => {
  expect(fill(150, 2.5, radius)).toContain(expected);
});

test('RA given outside [0, 360) is written inside it', () => {
  expect(raDegrees(-10)).toBe('350.000000');
  expect(raDegrees(360)).toBe('0.000000');
  expect(raHms(-15)).toBe('23:00:00.00');
  expect(decDms(-90)).toBe('-90:00:00.0');
});

test("the source's id is percent-encoded; a pattern that needs an id makes no link without one", () => {
  const pattern = 'https://example.org/objects/{id}?ra={ra}';
  expect(fillPattern(pattern, { ra: 1, dec: 1, radiusArcsec: 10, id: 'ZTF21aaa+b&c d' })).toBe('https://example.org/objects/ZTF21aaa%2Bb%26c%20d?ra=1.000000');
  expect(fillPattern(pattern, { ra: 1, dec: 1, radiusArcsec: 10 })).toBeUndefined();
});

test('patterns: unknown placeholders, stray braces and non-http(s) URLs are named', () => {
  expect(placeholdersOf('https://x.org/?a={ra}&b={dec_dms}')).toEqual({ names: ['ra', 'dec_dms'] });
  expect(placeholdersOf('https://x.org/?a={rah}&b={RA}')).toEqual({
    problem: expect.stringMatching(/^unknown placeholder \{rah\}, \{RA\} \(known: \{ra\}, \{dec\}/),
  });
  expect(placeholdersOf('https://x.org/?q=%7B%22at%22%3A%22{ra}%22%7D')).toEqual({ names: ['ra'] });
  expect(placeholdersOf('https://x.org/?a={ra')).toEqual({ problem: expect.stringMatching(/unbalanced/) });
  expect(placeholdersOf('https://x.org/?a=ra}')).toEqual({ problem: expect.stringMatching(/unbalanced/) });
  expect(urlProblem('ftp://x.org/{ra}')).toBe('must start with http:// or https://');
  expect(urlProblem('javascript:alert({ra})')).toBe('must start with http:// or https://');
  expect(urlProblem('https://x.org/?q={ra} {dec}')).toBe('has whitespace (write a space as %20)');
  expect(urlProblem('https://')).toBe('is not a valid URL once its placeholders are filled');
  expect(urlProblem('HTTPS://x.org/?ra={ra}')).toBeUndefined();
});
