import { topLevelIntegerText } from '../server/exact-id.js';

// An LSST diaObject id posted as a JSON number keeps its digits (JSON.parse would round it).
test('the digits of a top-level integer key, never a nested one or one inside a string', () => {
  expect(topLevelIntegerText('{"id": 170591539488620622, "ra": 1}', 'id')).toBe('170591539488620622');
  expect(topLevelIntegerText('{"ra": 1, "altdata": {"id": 5}, "id":-42}', 'id')).toBe('-42');
  expect(topLevelIntegerText('{"note": "\\"id\\": 7", "x": [{"id": 8}]}', 'id')).toBeUndefined();
  expect(topLevelIntegerText('{"id": "ZTF21aaqjmps"}', 'id')).toBeUndefined();
  expect(topLevelIntegerText('{"id": 1.5e3}', 'id')).toBeUndefined();
  expect(topLevelIntegerText('{"ids": 3, "id": 4}', 'id')).toBe('4');
});
