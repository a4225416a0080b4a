// The scanning page's keyboard shortcuts: one table, read by the key handler and by the legend
// shown on the page, so what the page says is what the keys do.

export type ScanAction = 'next' | 'previous' | 'save' | 'reject' | 'skip' | 'nextPage' | 'previousPage' | 'showNew' | 'open';

export interface Shortcut {
  action: ScanAction;
  /** `KeyboardEvent.key` values. */
  keys: string[];
  /** How the legend writes the keys. */
  label: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next', keys: ['j', 'ArrowDown'], label: 'j / ↓', description: 'next candidate' },
  { action: 'previous', keys: ['k', 'ArrowUp'], label: 'k / ↑', description: 'previous candidate' },
  { action: 'save', keys: ['s'], label: 's', description: 'save to the ticked groups' },
  { action: 'reject', keys: ['r'], label: 'r', description: 'reject' },
  { action: 'skip', keys: [' '], label: 'space', description: 'skip (next, undecided)' },
  { action: 'open', keys: ['o'], label: 'o', description: 'open the source page' },
  { action: 'nextPage', keys: [']'], label: ']', description: 'next page' },
  { action: 'previousPage', keys: ['['], label: '[', description: 'previous page' },
  { action: 'showNew', keys: ['n'], label: 'n', description: 'show new arrivals' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((shortcut) => shortcut.keys.map((key) => [key, shortcut.action] as const)));

/** What a key press means, if it is a shortcut: the parts of a KeyboardEvent that decide it. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element's tag name (upper case, as the DOM gives it), and whether it is editable. */
  targetTag?: string;
  targetEditable?: boolean;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Controls that Space and Enter activate: those keys stay theirs. */
const ACTIVATED = new Set(['BUTTON', 'A', 'SUMMARY']);

export function actionFor(press: KeyPress): ScanAction | null {
  // Browser and system shortcuts (Ctrl+S, Cmd+R) are never taken over; nor is typing in a field.
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.targetEditable || (press.targetTag && TYPING.has(press.targetTag))) return null;
  if ((press.key === ' ' || press.key === 'Enter') && press.targetTag && ACTIVATED.has(press.targetTag)) return null;
  // Caps Lock or Shift on a letter means the same key.
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return BY_KEY.get(key) ?? null;
}
