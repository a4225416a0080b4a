// A taxonomy's tree as the class picker needs it: every class once, with its path from the root,
// searchable by any part of that path or by the class's other names.
import type { TaxonomyNode } from '../types';

/** Between the classes of a path, as the picker and the chips show it. */
export const PATH_SEPARATOR = ' › ';

export interface ClassOption {
  /** The class, as `POST /api/classification` takes it. */
  name: string;
  /** From the root class down to this one. */
  path: string[];
  /** The other names the taxonomy gives it (`SN Ia` for `Ia`), searchable too. */
  otherNames: string[];
  /** Everything a search looks in, lower-cased: the path and the other names of the class and its parents. */
  haystack: string;
}

export const formatPath = (path: readonly string[]): string => path.join(PATH_SEPARATOR);

/**
 * Every class of a hierarchy, parents before children, in the taxonomy's order. A class named twice
 * (at two places in the tree) is listed once, at its first place: the server knows classes by name.
 */
export function classOptions(root: TaxonomyNode | null | undefined): ClassOption[] {
  const options: ClassOption[] = [];
  const seen = new Set<string>();
  // Iterative, so a deep (or hostile) tree cannot overflow the stack.
  // `words`: the path and every other name along it, so "SN" (Supernova's other name) finds the Ia below it.
  const stack: { node: TaxonomyNode; parents: string[]; words: string }[] = root ? [{ node: root, parents: [], words: '' }] : [];
  while (stack.length) {
    const { node, parents, words: above } = stack.pop()!;
    if (typeof node?.class !== 'string') continue;
    const path = [...parents, node.class];
    const given = node['other names'];
    const otherNames = Array.isArray(given) ? given.filter((name): name is string => typeof name === 'string') : [];
    const words = [above, node.class, ...otherNames].join('\n').toLowerCase();
    if (!seen.has(node.class)) {
      seen.add(node.class);
      options.push({ name: node.class, path, otherNames, haystack: words });
    }
    const children = Array.isArray(node.subclasses) ? node.subclasses : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, parents: path, words });
  }
  return options;
}

/** A search's words: spaces and the separators people type in paths (`SN > Ia`, `SN/Ia`, `SN › Ia`). */
const termsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s›>/]+/)
    .filter(Boolean);

/** Whether `term` begins a word of `text` ("ia" in "SN Ia" or "Ia-91bg", not in "Variable"). */
function startsAWord(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!)) return true;
  }
  return false;
}

/**
 * The classes whose path or other names have words beginning with every word of `text`, best first: the class itself
 * named exactly, then a class name starting with the text, then containing it, then matches through
 * a parent or another name; ties keep the tree's order. An empty search gives every class.
 */
export function searchClasses(options: readonly ClassOption[], text: string, limit = Infinity): ClassOption[] {
  const terms = termsOf(text);
  if (!terms.length) return options.slice(0, limit);
  const whole = text.trim().toLowerCase();
  const rank = (option: ClassOption) => {
    const name = option.name.toLowerCase();
    const others = option.otherNames.map((other) => other.toLowerCase());
    if (name === whole || others.includes(whole)) return 0;
    if (name.startsWith(whole)) return 1;
    if (startsAWord(name, whole) || others.some((other) => startsAWord(other, whole))) return 2;
    // Words of a path typed from the top (`sn ia`): the last word names the class.
    if (name.startsWith(terms[terms.length - 1]!)) return 3;
    return 4;
  };
  return options
    .filter((option) => terms.every((term) => startsAWord(option.haystack, term)))
    .map((option, index) => ({ option, index, rank: rank(option) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ option }) => option);
}
