import type { Classification } from '../types';
import { chipOrder, mayDelete, parseProbability, tallyVotes, voteAfterPressing } from './classifications';

let nextId = 1;
const classification = (fields: Partial<Classification>): Classification => ({
  id: nextId++,
  classification: 'Ia',
  taxonomy_id: 1,
  probability: null,
  ml: false,
  origin: null,
  author_id: 10,
  author_name: 'alice',
  obj_id: 'ZTF21aaqjmps',
  created_at: '2026-12-01T10:00:00',
  modified: '2026-12-01T10:00:00',
  groups: [{ id: 1, name: 'Sitewide Group', nickname: null, single_user_group: false }],
  votes: [],
  ...fields,
});

describe('votes on a classification', () => {
  it('counts ups and downs and knows the caller’s own', () => {
    const votes = [
      { voter_id: 1, vote: 1 },
      { voter_id: 2, vote: 1 },
      { voter_id: 3, vote: -1 },
    ];
    expect(tallyVotes(votes, 3)).toEqual({ up: 2, down: 1, mine: -1 });
    expect(tallyVotes(votes, 2)).toEqual({ up: 2, down: 1, mine: 1 });
    expect(tallyVotes(votes, 99)).toEqual({ up: 2, down: 1, mine: 0 });
    expect(tallyVotes(undefined, 1)).toEqual({ up: 0, down: 0, mine: 0 });
    // A zero (upstream's "withdrawn") is no vote.
    expect(tallyVotes([{ voter_id: 1, vote: 0 }], 1)).toEqual({ up: 0, down: 0, mine: 0 });
  });

  it('withdraws a vote pressed again, and turns it over when the other is pressed', () => {
    expect(voteAfterPressing(0, 1)).toBe(1);
    expect(voteAfterPressing(1, 1)).toBeNull();
    expect(voteAfterPressing(1, -1)).toBe(-1);
    expect(voteAfterPressing(-1, -1)).toBeNull();
  });
});

describe('the order of the header chips', () => {
  it('puts the most probable first, then the latest; a class without probability last', () => {
    const sure = classification({ classification: 'Ia', probability: 0.95, created_at: '2026-12-01T09:00:00' });
    const earlierEqual = classification({ classification: 'II', probability: 0.5, created_at: '2026-12-01T08:00:00' });
    const laterEqual = classification({ classification: 'IIn', probability: 0.5, created_at: '2026-12-01T11:00:00Z' });
    const none = classification({ classification: 'AGN', probability: null, created_at: '2026-12-01T12:00:00' });
    const zero = classification({ classification: 'Algol', probability: 0, created_at: '2026-12-01T07:00:00' });
    expect(chipOrder([none, earlierEqual, zero, sure, laterEqual]).map((c) => c.classification)).toEqual(['Ia', 'IIn', 'II', 'Algol', 'AGN']);
  });
});

describe('the probability field', () => {
  it('takes numbers from 0 to 1, written as people write them', () => {
    expect(parseProbability('0.9')).toEqual({ ok: true, value: 0.9 });
    expect(parseProbability(' .25 ')).toEqual({ ok: true, value: 0.25 });
    expect(parseProbability('0,7')).toEqual({ ok: true, value: 0.7 });
    expect(parseProbability('1')).toEqual({ ok: true, value: 1 });
    expect(parseProbability('0')).toEqual({ ok: true, value: 0 });
    expect(parseProbability('5e-1')).toEqual({ ok: true, value: 0.5 });
    expect(parseProbability('')).toEqual({ ok: true, value: undefined });
  });

  it('refuses what is not a probability, saying so', () => {
    for (const text of ['10', '1.01', '-0.1', 'abc', '0.5.5', 'Infinity', 'NaN', '0x1', '1e5', '½']) {
      expect(parseProbability(text)).toEqual({ ok: false, error: 'Probability must be a number from 0 to 1' });
    }
  });
});

describe('who sees the delete button', () => {
  const mine = classification({ author_id: 10, groups: [{ id: 5, name: 'Nova hunters', nickname: 'novae', single_user_group: false }] });
  const profile = (id: number, acls: string[] = [], groups: { id: number; admin: boolean }[] = []) => ({
    id,
    acls,
    groups: groups.map((group) => ({ ...group, name: `g${group.id}`, nickname: null, single_user_group: false, can_save: true })),
  });

  it('its author, an admin of one of its groups and a system admin; nobody else', () => {
    expect(mayDelete(mine, profile(10))).toBe(true);
    expect(mayDelete(mine, profile(11, [], [{ id: 5, admin: true }]))).toBe(true);
    expect(mayDelete(mine, profile(12, ['System admin']))).toBe(true);
    expect(mayDelete(mine, profile(13, ['Classify'], [{ id: 5, admin: false }]))).toBe(false);
    expect(mayDelete(mine, profile(14, [], [{ id: 6, admin: true }]))).toBe(false);
    expect(mayDelete(mine, null)).toBe(false);
  });
});
