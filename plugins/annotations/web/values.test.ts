import type { Annotation } from '../types';
import { annotationRows, formatNumber, MAX_SHOWN, showValue } from './values';

test('numbers keep a sensible precision and stay numbers', () => {
  expect(formatNumber(0.998712345)).toBe('0.99871');
  expect(formatNumber(0.5)).toBe('0.5');
  expect(formatNumber(1)).toBe('1');
  expect(formatNumber(-22.3346789)).toBe('-22.335');
  expect(formatNumber(59000.123456)).toBe('59000');
  expect(formatNumber(1.23e-7)).toBe('1.23e-7');
  expect(formatNumber(6.02e23)).toBe('6.02e+23');
  expect(formatNumber(0)).toBe('0');
  expect(showValue(0.91)).toEqual({ text: '0.91', numeric: true, full: '0.91' });
});

test('text, markup and JSON are shown as text, shortened when long', () => {
  expect(showValue('<img src=x onerror=alert(1)>')).toEqual({ text: '<img src=x onerror=alert(1)>', numeric: false });
  expect(showValue('0.98')).toEqual({ text: '0.98', numeric: false });
  expect(showValue({ a: [1, 2] })).toEqual({ text: '{"a":[1,2]}', numeric: false });
  expect(showValue(null)).toEqual({ text: 'null', numeric: false });
  const long = showValue({ blob: 'x'.repeat(500) });
  expect(long.text).toHaveLength(MAX_SHOWN);
  expect(long.full).toBe(JSON.stringify({ blob: 'x'.repeat(500) }));
});

test('one row per key, by origin then key', () => {
  const annotation = (id: number, origin: string, data: Annotation['data']) => ({ id, origin, data }) as Annotation;
  const rows = annotationRows([annotation(2, 'ztf', { rb: 0.7, drb: 0.99 }), annotation(1, 'gaia', { parallax: 1.2 })]);
  expect(rows.map((row) => [row.origin, row.key, row.value.text, row.first])).toEqual([
    ['gaia', 'parallax', '1.2', true],
    ['ztf', 'drb', '0.99', true],
    ['ztf', 'rb', '0.7', false],
  ]);
});
