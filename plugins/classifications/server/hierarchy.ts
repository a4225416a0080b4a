/**
 * What a taxonomy's hierarchy may be: a tree of classes, each an object with a `class` name and,
 * optionally, `subclasses` (a list of such objects), as tdtax (the time-domain taxonomy SkyPortal
 * ships) writes them. Other keys of a class (`tags`, `other names`, `comments`, `links`, and any
 * a taxonomy adds) are kept as given. A bad tree is refused naming where: `hierarchy.subclasses[2].class`.
 */
import { inputs, z } from '@skyportal/sdk';
import { parse as parseYaml } from 'yaml';
import type { TaxonomyNode } from '../types.js';

/** More classes than any taxonomy in use (tdtax has a few hundred); a bound on one row's size. */
export const MAX_CLASSES = 5000;
/** The JSON text of a hierarchy, at most (tdtax is ~60 kB). */
export const MAX_HIERARCHY_BYTES = 2_000_000;

const names = z.array(z.string().max(500)).max(200);

export const taxonomyNode: z.ZodType<TaxonomyNode> = z.lazy(() =>
  z.looseObject({
    class: inputs.name(200),
    subclasses: z.array(taxonomyNode).max(MAX_CLASSES, `at most ${MAX_CLASSES} classes`).optional(),
    tags: names.optional(),
    'other names': names.optional(),
    comments: z.string().max(20_000).optional(),
    links: names.optional(),
  }),
) as z.ZodType<TaxonomyNode>;

/** The whole tree: a class at its root, at most MAX_CLASSES classes and MAX_HIERARCHY_BYTES of JSON. */
export const hierarchy = taxonomyNode
  .superRefine((root, ctx) => {
    let count = 0;
    const stack: TaxonomyNode[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      count++;
      if (Array.isArray(node.subclasses)) stack.push(...node.subclasses);
    }
    if (count > MAX_CLASSES) ctx.addIssue({ code: 'custom', message: `${count} classes, more than the ${MAX_CLASSES} allowed` });
    const bytes = Buffer.byteLength(JSON.stringify(root));
    if (bytes > MAX_HIERARCHY_BYTES) ctx.addIssue({ code: 'custom', message: `${bytes} bytes of JSON, more than the ${MAX_HIERARCHY_BYTES} allowed` });
  })
  .describe('A tree of classes: { class, subclasses: [ { class, subclasses: [...] }, ... ], tags?, "other names"? }');

/**
 * SkyPortal's `hierarchy_file`: the same tree as YAML text (a list's first item, as tdtax's files
 * hold one). Undefined when it does not parse; the tree itself is checked as `hierarchy` is.
 */
export function hierarchyFromYaml(text: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  return Array.isArray(value) ? value[0] : value;
}
