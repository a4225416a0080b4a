/**
 * Header keywords of spectrum files, read as the tools astronomers use read them: FITS cards as the
 * FITS standard defines them, `KEY: value` lines as YAML 1.1 (the expected values are what PyYAML
 * 6 gives for each line, checked by hand).
 */
import { fitsCard, headerKeywords, yamlKeywords } from '../server/header.js';
import { resolvePlainScalar } from '../server/yaml-scalars.js';
import { demoText } from './helpers.js';

test.each([
  ['IMAGE', 'IMAGE'],
  ['433', 433],
  ['-32', -32],
  ['2.6e-05', 2.6e-5],
  ['1e5', '1e5'], // YAML 1.1 floats need a point
  ['1.0e5', '1.0e5'], // ... and a signed exponent
  ['05313416', 1414926], // octal
  ['089', '089'],
  ['0x1F', 31],
  ['1_000', 1000],
  ['23:43:47.24', 85427.24], // base 60
  ['+27:10:54.8', 97854.8],
  ['1:2', 62],
  ['07:29:46', '07:29:46'],
  ['True', true],
  ['off', false],
  ['y', 'y'],
  ['None', 'None'],
  ['~', null],
  ['', null],
  ['.nan', '.nan'], // no NaN in JSON: kept as written
  ['12345678901234567890', '12345678901234567890'], // past 2^53: exact digits
  ['2020-09-02', '2020-09-02'],
  ['2020-09-02T07:29:46.962556', '2020-09-02T07:29:46.962556'],
  ['2020-1-2T3:04:05Z', '2020-01-02T03:04:05+00:00'],
  ['2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43.100000-05:00'],
  ['2020-09-11 T 22:57:29 UTC', '2020-09-11 T 22:57:29 UTC'],
  ['e01:35:29.93', 'e01:35:29.93'],
])('the plain YAML 1.1 scalar %j is %j', (text, value) => {
  expect(resolvePlainScalar(text)).toEqual(value);
});

test('YAML lines: quoted values stay text, a comment after # is dropped, anything not a one-line mapping gives nothing', () => {
  expect(yamlKeywords('RA: "02:59:05.54"')).toEqual([{ key: 'RA', value: '02:59:05.54' }]);
  expect(yamlKeywords("DICHNAME: '560'")).toEqual([{ key: 'DICHNAME', value: '560' }]);
  expect(yamlKeywords('FILTERI1: Edmund Optics 400nm longpass filter #84754')).toEqual([{ key: 'FILTERI1', value: 'Edmund Optics 400nm longpass filter' }]);
  expect(yamlKeywords('BLUBIN: 2,2')).toEqual([{ key: 'BLUBIN', value: '2,2' }]);
  expect(yamlKeywords('x: y: z')).toEqual([]);
  expect(yamlKeywords('- 1')).toEqual([]);
  expect(yamlKeywords('wl fl err')).toEqual([]);
});

test('FITS cards: strings without trailing blanks, numbers, logicals, an empty value, comments, and what is not a card', () => {
  expect(fitsCard("FILTER  = 'clear   '           / Filter")).toEqual({ kind: 'value', key: 'FILTER', value: 'clear', comment: 'Filter' });
  expect(fitsCard("OBSERVER= 'O''Brien'  / Observer name")).toEqual({ kind: 'value', key: 'OBSERVER', value: "O'Brien", comment: 'Observer name' });
  expect(fitsCard('EXPTIME =              600.003 / Total exposure time (sec); avg. of R&B')).toMatchObject({ value: 600.003 });
  expect(fitsCard('REDAIR1 =              1.79691 /')).toEqual({ kind: 'value', key: 'REDAIR1', value: 1.79691, comment: '' });
  expect(fitsCard('SIMPLE  =                    T')).toMatchObject({ value: true });
  expect(fitsCard('CDELT1  =           1.5D-01')).toMatchObject({ value: 0.15 });
  expect(fitsCard('BLANK   =                      / nothing known')).toMatchObject({ value: null, comment: 'nothing known' });
  expect(fitsCard('HISTORY Processed by flatproc 2020-09-15 10:33:16 UT')).toEqual({
    kind: 'commentary',
    key: 'HISTORY',
    text: 'Processed by flatproc 2020-09-15 10:33:16 UT',
  });
  expect(fitsCard('END')).toEqual({ kind: 'end' });
  // Not cards: the value indicator out of place, an unquoted word, a lower-case keyword, junk after the value.
  expect(fitsCard('AIRMASS = 1.95')).toMatchObject({ value: 1.95 }); // `=` in column 9: a card
  expect(fitsCard('RA = 1.95')).toBeUndefined();
  expect(fitsCard('TELESCOP= UH88')).toBeUndefined();
  expect(fitsCard("object  = 'x'")).toBeUndefined();
  expect(fitsCard('EXPTIME =  600 s')).toBeUndefined();
});

test('the real Keck LRIS header: every card, FITS winning over YAML for a key, COMMENT cards joined', () => {
  const lines = demoText('ZTF20abpuxna_20200915_Keck1_v1.ascii')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.slice(1).trim());
  const header = headerKeywords(lines)!;
  expect(header.OBJECT).toEqual({ value: 'ZTF20abpuxna', comment: 'User-specified object name' });
  expect(header.REDUCER).toEqual({ value: '', comment: 'Name of reducer' });
  expect(header['MJD-OBS']).toEqual({ value: '59107.400710', comment: 'MJD at start' });
  expect(header.JD).toEqual({ value: 2459107.90071, comment: 'Julian date at start' });
  expect(typeof header.COMMENT).toBe('string');
  // The column-title line (`##   wavelen  flux ...`) is no keyword.
  expect(Object.keys(header).some((key) => key.includes('wavelen'))).toBe(false);
});

test('the real SNIFS header (KEY = value, not valid cards) keeps every keyword, numbers as numbers', () => {
  const lines = demoText('zac_spec.dat')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.slice(1).trim());
  expect(headerKeywords(lines)).toEqual({
    TELESCOPE: 'UH88',
    INSTRUMENT: 'SNIFS',
    OBJECT: '2021zac',
    CHANNEL: 'B+R',
    EXPNUM: '21_261_058',
    'MJD-OBS': 59475.616424,
    'DATE-OBS': '2021-09-18T14:48:08',
    EXPTIME: '1800.0s',
    AIRMASS: 1.95,
    RA: '08:20:57.09',
    DEC: '58:51:24.99',
  });
  expect(headerKeywords([])).toBeNull();
});
