// What the chips and the form decide about classifications, kept out of the components so tests
// can check it.
import { parseUtc, type UserProfile } from '@skyportal/sdk/web';
import type { Classification, ClassificationVote } from '../types';

export interface VoteTally {
  up: number;
  down: number;
  /** The caller's own vote: 1, -1, or 0 (none). */
  mine: 1 | -1 | 0;
}

export function tallyVotes(votes: readonly Pick<ClassificationVote, 'voter_id' | 'vote'>[] | undefined, userId: number | undefined): VoteTally {
  const tally: VoteTally = { up: 0, down: 0, mine: 0 };
  for (const { vote, voter_id } of votes ?? []) {
    if (vote > 0) tally.up++;
    else if (vote < 0) tally.down++;
    if (voter_id === userId && vote !== 0) tally.mine = vote > 0 ? 1 : -1;
  }
  return tally;
}

/** Pressing a vote button: the same vote again withdraws it (null), else it becomes the caller's vote. */
export const voteAfterPressing = (mine: VoteTally['mine'], pressed: 1 | -1): 1 | -1 | null => (mine === pressed ? null : pressed);

const time = (value: string) => parseUtc(value).getTime() || 0;

/**
 * The order of the header's chips: the most probable first; among equals (a class given without
 * a probability counts below every probability), the latest first.
 */
export function chipOrder(classifications: readonly Classification[]): Classification[] {
  return [...classifications].sort((a, b) => (b.probability ?? -1) - (a.probability ?? -1) || time(b.created_at) - time(a.created_at) || b.id - a.id);
}

export type ProbabilityInput = { ok: true; value: number | undefined } | { ok: false; error: string };

/**
 * The form's probability field: empty is none given; otherwise a number from 0 to 1 (a decimal comma
 * is read as a point, as people type it in much of Europe).
 */
export function parseProbability(text: string): ProbabilityInput {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return { ok: true, value: undefined };
  const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) return { ok: false, error: 'Probability must be a number from 0 to 1' };
  return { ok: true, value };
}

/**
 * Whether the caller may delete a classification: their own, one shared with a group they administer,
 * or any for a system admin. The server decides; this only hides a button that would be refused.
 */
export function mayDelete(classification: Classification, user: Pick<UserProfile, 'id' | 'acls' | 'groups'> | null): boolean {
  if (!user) return false;
  if (classification.author_id === user.id || user.acls.includes('System admin')) return true;
  const administered = new Set(user.groups.filter((group) => group.admin).map((group) => group.id));
  return (classification.groups ?? []).some((group) => administered.has(group.id));
}
