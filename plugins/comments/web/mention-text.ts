// @username suggestions: which word the caret is in, who matches it, and the text once one is picked.
import type { GroupMember } from './api';

/** The `@partial` word that ends at `caret`, if the caret is in one: where it starts and what is typed after `@`. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  const word = text.slice(start, caret);
  if (!word.startsWith('@') || word.slice(1).includes('@')) return null;
  return { start, query: word.slice(1) };
}

/** Up to `limit` members whose username or name starts with `query` (any case), usernames first. */
export function suggestions(members: readonly GroupMember[], query: string, limit = 8): GroupMember[] {
  const q = query.toLowerCase();
  const byUsername = members.filter((m) => m.username.toLowerCase().startsWith(q));
  const byName = members.filter((m) => !byUsername.includes(m) && [m.first_name, m.last_name].some((name) => name && name.toLowerCase().startsWith(q)));
  return [...byUsername, ...byName].slice(0, limit);
}

/** `text` with the word at `start`..`caret` replaced by `@username `; returns the text and the new caret. */
export function insertMention(text: string, start: number, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
