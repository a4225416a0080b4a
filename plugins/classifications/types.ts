// Shapes shared by the classifications plugin's server, its web part and the plugins that use it.
// No runtime imports beyond the SDK's refs: the web part imports this file too.
import type { Knex, Principal } from '@skyportal/sdk';
import { createServiceRef } from '@skyportal/sdk/refs';

/**
 * One class of a taxonomy and the classes below it, as SkyPortal's taxonomies (tdtax) write them:
 * `class` names it; any other keys (`tags`, `other names`, `comments`, `links`) are kept as given.
 */
export interface TaxonomyNode {
  class: string;
  subclasses?: TaxonomyNode[];
  tags?: string[];
  'other names'?: string[];
  comments?: string;
  links?: string[];
  [key: string]: unknown;
}

/** The groups a taxonomy or classification is shared with, as answers list them. */
export interface ClassificationGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
}

/** `GET /api/taxonomy[/{id}]`: a tree of classes with a name and version, shared with groups. */
export interface Taxonomy {
  id: number;
  name: string;
  version: string;
  /** Where it comes from: a URL, a git hash, `tdtax_0.1.2`. */
  provenance: string | null;
  /** The latest version of the taxonomies of this name (posting one with `isLatest` clears the others'). */
  isLatest: boolean;
  hierarchy: TaxonomyNode;
  /** Its groups the caller may see (all of them for system admins). */
  groups: ClassificationGroup[];
  created_at: string;
  modified: string;
}

/** `POST /api/taxonomy`. */
export interface TaxonomyInput {
  name: string;
  version: string;
  hierarchy: TaxonomyNode;
  provenance?: string | null;
  /** Default: the sitewide group. */
  group_ids?: number[];
  /** Default true. */
  isLatest?: boolean;
}

/** A user's up (1) or down (-1) vote on a classification. */
export interface ClassificationVote {
  id: number;
  classification_id: number;
  voter_id: number;
  vote: number;
  created_at: string;
  modified: string;
}

/** `POST /api/classification/votes/{id}`. */
export interface VoteInput {
  /** 1 agrees, -1 disagrees (SkyPortal stores any integer; the page sends these two). */
  vote: number;
}

/** A change of a classification's probability (`PUT /api/classification/{id}`), kept as SkyPortal records it. */
export interface ClassificationEdit {
  id: number;
  classification_id: number;
  editor_id: number;
  editor_name: string;
  old_probability: number | null;
  new_probability: number | null;
  created_at: string;
  modified: string;
}

/**
 * A classification as `GET /api/classification/{id}` answers it; `GET /api/sources/{id}/classifications`
 * and the source's `classifications` field add `votes`, `edits` and `groups`.
 */
export interface Classification {
  id: number;
  obj_id: string;
  /** A class of the taxonomy's hierarchy. */
  classification: string;
  taxonomy_id: number;
  /** Within [0, 1], or null (no probability given). */
  probability: number | null;
  /** Who or what made it (`SCoPe`, a pipeline, a person's note). */
  origin: string | null;
  /** Made by a machine-learning model rather than a person. */
  ml: boolean;
  author_id: number;
  author_name: string;
  created_at: string;
  modified: string;
  votes?: ClassificationVote[];
  edits?: ClassificationEdit[];
  groups?: ClassificationGroup[];
  /** `includeTaxonomy=true` on `GET /api/classification[/{id}]`. */
  taxonomy?: Taxonomy;
}

/** `POST /api/classification` (one, or `{ classifications: [...] }` for several at once). */
export interface ClassificationInput {
  obj_id: string;
  classification: string;
  taxonomy_id: number;
  probability?: number | null;
  origin?: string | null;
  ml?: boolean;
  /** Default: the sitewide group. */
  group_ids?: number[];
  /** Default true: the author's up vote comes with it, as in SkyPortal. */
  vote?: boolean;
}

/** `PUT /api/classification/{id}`: what may change (a changed probability is recorded as an edit). */
export interface ClassificationChange {
  classification?: string;
  taxonomy_id?: number;
  probability?: number | null;
  origin?: string | null;
  ml?: boolean;
  group_ids?: number[];
}

/** `GET /api/classification`: a page of the caller's classifications. */
export interface ClassificationList {
  classifications: Classification[];
  totalMatches: number;
}

/**
 * On `source:<obj_id>` (to the classification's groups, before and after a change): a
 * classification of the source was added, changed, voted on or deleted. Only ids: each page
 * fetches what its user may read.
 */
export interface ClassificationsChangedMessage {
  type: 'classifications.changed';
  data: { obj_id: string; classification_id: number; action: 'added' | 'edited' | 'voted' | 'deleted' };
}

/**
 * On `group:<id>` of a taxonomy's groups: a taxonomy was posted, changed or deleted (pages holding
 * the taxonomy list fetch it again).
 */
export interface TaxonomiesChangedMessage {
  type: 'taxonomies.changed';
  data: { taxonomy_id: number; action: 'added' | 'edited' | 'deleted' };
}

/**
 * Every class name of a hierarchy, depth first (the root first): what a classification in this
 * taxonomy may say. Iterative, so no posted tree can exhaust the stack.
 */
export function classNames(hierarchy: TaxonomyNode): string[] {
  const names: string[] = [];
  const stack: TaxonomyNode[] = [hierarchy];
  while (stack.length) {
    const node = stack.pop()!;
    names.push(node.class);
    const children = Array.isArray(node.subclasses) ? node.subclasses : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return names;
}

/** The `classifications` / `nonclassifications` list filter's item: `<taxonomy name>: <class>`. */
export const classificationFilterItem = (taxonomyName: string, className: string) => `${taxonomyName}: ${className}`;

/**
 * What other plugins' lists use (`services.getOptional(classificationsService)`; list
 * `classifications` in `optionalDependsOn`): the candidates list keeps or leaves out objs by class.
 */
export interface ClassificationsService {
  /**
   * The classifications the caller may read (alias `c`: `c.classification`, `c.probability`,
   * `c.taxonomy_id`) of the obj in `objIdColumn`: a correlated subquery, in the caller's groups and
   * taxonomies. Select what you need.
   */
  visibleOf(db: Knex, user: Principal, objIdColumn: string): Knex.QueryBuilder;
}

export const classificationsService = createServiceRef<ClassificationsService>({ id: 'classifications.service' });
