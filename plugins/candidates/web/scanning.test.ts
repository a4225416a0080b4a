import { actionFor, SHORTCUTS } from './keys';
import { describeLightCurve, layoutLightCurve, niceTicks } from './lightcurve';
import { formatScore, keyAnnotations, MAX_SHOWN } from './numbers';
import { addArrival, candidateQuery, defaultSaveGroups, defaultSettings, savableGroups, utcIso, type ScanSettings } from './query';
import { REJECTED_LIST } from '../types';

const night: ScanSettings = { filterIds: [7, 3], startDate: '2026-12-01T18:00', endDate: '', savedStatus: 'notSavedToAnyAccessible', hideRejected: true };

test('page 1 starts a result set; later pages keep it with the queryID', () => {
  expect(candidateQuery(night, 1, 'q-1')).toEqual({
    pageNumber: 1,
    numPerPage: 25,
    includePhotometry: true,
    includeThumbnails: true,
    filterIDs: '3,7',
    startDate: '2026-12-01T18:00:00.000Z',
    savedStatus: 'notSavedToAnyAccessible',
    listNameReject: REJECTED_LIST,
  });
  expect(candidateQuery(night, 2, 'q-1')).toMatchObject({ pageNumber: 2, queryID: 'q-1' });
  const all = candidateQuery({ ...night, filterIds: [], savedStatus: 'all', hideRejected: false, endDate: '2026-12-02T06:30' }, 1);
  expect(all).not.toHaveProperty('filterIDs');
  expect(all).not.toHaveProperty('savedStatus');
  expect(all).not.toHaveProperty('listNameReject');
  expect(all.endDate).toBe('2026-12-02T06:30:00.000Z');
});

test('date inputs are read as UTC; nonsense is no bound', () => {
  expect(utcIso('2026-12-01T23:59')).toBe('2026-12-01T23:59:00.000Z');
  expect(utcIso('')).toBe('');
  expect(utcIso('yesterday')).toBe('');
  const settings = defaultSettings(new Date('2026-12-01T20:00:00Z'));
  expect(settings.startDate).toBe('2026-11-30T20:00');
  expect(settings.endDate).toBe('');
});

test('a live arrival counts once, only for a chosen filter, and not when already on the page', () => {
  const shown = new Set(['ZTF18shown']);
  let pending = addArrival([], { obj_id: 'ZTF18new', filter_ids: [7], ids: [1] }, night, shown);
  expect(pending).toEqual(['ZTF18new']);
  // The same obj announced again on another group's channel.
  expect(addArrival(pending, { obj_id: 'ZTF18new', filter_ids: [3], ids: [2] }, night, shown)).toBe(pending);
  expect(addArrival(pending, { obj_id: 'ZTF18other', filter_ids: [99], ids: [3] }, night, shown)).toBe(pending);
  expect(addArrival(pending, { obj_id: 'ZTF18shown', filter_ids: [7], ids: [4] }, night, shown)).toBe(pending);
  expect(addArrival(pending, undefined, night, shown)).toBe(pending);
  // No filter chosen: every filter of the user's groups is scanned.
  pending = addArrival(pending, { obj_id: 'ZTF18any', filter_ids: [99], ids: [5] }, { ...night, filterIds: [] }, shown);
  expect(pending).toEqual(['ZTF18new', 'ZTF18any']);
  // A range that ended in the past gains nothing.
  expect(addArrival([], { obj_id: 'ZTF18late', filter_ids: [7], ids: [6] }, { ...night, endDate: '2020-01-01T00:00' }, shown)).toEqual([]);
});

test('Save defaults to the groups of the filters it passed that the user may save to', () => {
  expect(defaultSaveGroups({ passing_group_ids: [4, 5, 9] }, [1, 4, 5])).toEqual([4, 5]);
  expect(defaultSaveGroups({ passing_group_ids: [] }, [1, 4])).toEqual([]);
});

test('Save offers the groups the user may save to: not where can_save was taken away (a system admin keeps them), never the single-user group', () => {
  const groups = [
    { id: 1, name: 'Sitewide Group', single_user_group: false, can_save: true },
    { id: 2, name: 'scanner', single_user_group: true, can_save: true },
    { id: 3, name: 'Night shift', single_user_group: false, can_save: true },
    { id: 4, name: 'Day shift', single_user_group: false, can_save: false },
  ];
  expect(savableGroups({ groups, acls: ['Upload data'] }).map((g) => g.name)).toEqual(['Sitewide Group', 'Night shift']);
  expect(savableGroups({ groups, acls: ['System admin'] }).map((g) => g.name)).toEqual(['Sitewide Group', 'Night shift', 'Day shift']);
  expect(savableGroups(undefined)).toEqual([]);
});

test('shortcuts: letters and arrows, never while typing, never with modifiers; Space on a button stays the button’s', () => {
  expect(actionFor({ key: 'j' })).toBe('next');
  expect(actionFor({ key: 'ArrowDown', targetTag: 'DIV' })).toBe('next');
  expect(actionFor({ key: 'K' })).toBe('previous');
  expect(actionFor({ key: 's', targetTag: 'ARTICLE' })).toBe('save');
  expect(actionFor({ key: 'r' })).toBe('reject');
  expect(actionFor({ key: ' ', targetTag: 'ARTICLE' })).toBe('skip');
  expect(actionFor({ key: ' ', targetTag: 'BUTTON' })).toBeNull();
  expect(actionFor({ key: 's', targetTag: 'BUTTON' })).toBe('save');
  expect(actionFor({ key: 's', targetTag: 'INPUT' })).toBeNull();
  expect(actionFor({ key: 's', targetEditable: true })).toBeNull();
  expect(actionFor({ key: 's', ctrlKey: true })).toBeNull();
  expect(actionFor({ key: 'r', metaKey: true })).toBeNull();
  expect(actionFor({ key: 'x' })).toBeNull();
  // Every action has a key and a description for the legend, and no key means two things.
  const keys = SHORTCUTS.flatMap((s) => s.keys);
  expect(new Set(keys).size).toBe(keys.length);
  for (const shortcut of SHORTCUTS) expect(shortcut.description).not.toBe('');
});

test('annotations: the known scores first with their origin, numbers as numbers, markup as text', () => {
  const shown = keyAnnotations([
    { id: 2, origin: 'ZTF', data: { magpsf: 18.4213, note: '<b>bright</b>', rb: 0.8712345, drb: 0.99912, sgscore1: 0.0213, distpsnr1: 1.54321 } },
    { id: 1, origin: 'ACAI', data: { acai_h: 0.001 } },
  ]);
  expect(shown.slice(0, 4)).toEqual([
    { origin: 'ZTF', key: 'drb', text: '0.9991', numeric: true },
    { origin: 'ZTF', key: 'rb', text: '0.8712', numeric: true },
    { origin: 'ZTF', key: 'sgscore1', text: '0.0213', numeric: true },
    { origin: 'ZTF', key: 'distpsnr1', text: '1.543', numeric: true },
  ]);
  expect(shown.map((s) => s.key)).toEqual(['drb', 'rb', 'sgscore1', 'distpsnr1', 'magpsf', 'acai_h', 'note']);
  expect(shown.at(-1)).toEqual({ origin: 'ZTF', key: 'note', text: '<b>bright</b>', numeric: false });
  const long = 'x'.repeat(50);
  expect(keyAnnotations([{ id: 1, origin: 'o', data: { comment: long } }])).toEqual([
    { origin: 'o', key: 'comment', text: `${'x'.repeat(39)}…`, numeric: false, full: long },
  ]);
  const many = keyAnnotations([{ id: 1, origin: 'x', data: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) }]);
  expect(many).toHaveLength(MAX_SHOWN);
  expect(keyAnnotations(undefined)).toEqual([]);
  expect(formatScore(3)).toBe('3');
  expect(formatScore(1.5e-5)).toBe('1.50e-5');
});

test('light curve: brighter is higher, limits are triangles below, time runs to the newest point', () => {
  const layout = layoutLightCurve([
    { mjd: 59000, filter: 'ztfr', mag: 19, magerr: 0.1, limiting_mag: 20.5 },
    { mjd: 59010, filter: 'ztfr', mag: 18, magerr: 0.05, limiting_mag: 20.5 },
    { mjd: 58995, filter: 'ztfg', mag: null, magerr: null, limiting_mag: 20.2 },
    { mjd: 59005, filter: 'ztfg', mag: null, magerr: null, limiting_mag: null },
  ])!;
  expect(layout.newest).toBe(59010);
  expect(layout.detections).toHaveLength(2);
  expect(layout.limits).toHaveLength(1);
  const [faint, bright] = layout.detections;
  expect(bright!.y).toBeLessThan(faint!.y); // brighter is up
  expect(bright!.x).toBeGreaterThan(faint!.x); // newer is right
  expect(layout.limits[0]!.y).toBeGreaterThan(faint!.y); // a fainter limit is lower
  expect(faint!.yTop).toBeLessThan(faint!.y);
  expect(faint!.yBottom).toBeGreaterThan(faint!.y);
  expect(bright!.title).toBe('ztfr 18.00 ± 0.05, 0 d before the newest point');
  expect(layout.filters).toEqual([
    { filter: 'ztfg', colour: '#2e9e44' },
    { filter: 'ztfr', colour: '#d62f2f' },
  ]);
  expect(layout.xTicks.map((t) => t.value)).toEqual([-15, -10, -5, 0]);
  expect(layoutLightCurve([])).toBeNull();
  expect(layoutLightCurve([{ mjd: 1, filter: 'x', mag: null, magerr: null, limiting_mag: null }])).toBeNull();
  expect(describeLightCurve([{ mjd: 1, filter: 'ztfr', mag: 18.5, magerr: 0.1, limiting_mag: null }])).toBe(
    '1 detection, 0 upper limits; ztfr: newest 18.50, brightest 18.50',
  );
  expect(describeLightCurve(undefined)).toBe('No photometry');
  expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
  expect(niceTicks(17.8, 20.7, 3)).toEqual([18, 19, 20]);
});
