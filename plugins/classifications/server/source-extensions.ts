/**
 * What classifications add to the sources plugin's answers, through its hooks:
 * - `sources.serialize`: `classifications` (each with its votes, probability edits and groups), on
 *   a source and on each source of a list, as SkyPortal answers them; left out of a list with
 *   `removeNested=true`, and anywhere with `includeClassifications=false`;
 * - `sources.filter`: `classifications` (`<taxonomy name>: <class>` items, comma-separated: sources
 *   with any of them, or all with `classifications_simul=true`), `nonclassifications` (sources
 *   with none of them), `classified` / `unclassified` (with or without a classification made by a
 *   person, not a model).
 * Only classifications the caller may read count (their groups, a taxonomy shared with them), so a
 * hidden classification changes no answer.
 */
import { badRequest, inputs, z, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';
import { sourcesHooks, type RawQuery, type SourcesFilterEvent, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import type { ClassificationStore, StoredClassification } from './store.js';
import { COLUMNS } from './store.js';
import { visibleTaxonomies } from './taxonomies.js';

const flag = inputs.flag().optional();
const includeFlags = z.object({ includeClassifications: flag, removeNested: flag });

/** `<taxonomy>: <class>` items, comma-separated or repeated. */
const pairList = z
  .preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((item) => String(item).split(','))
        .map((item) => item.trim())
        .filter(Boolean),
    z
      .array(
        z
          .string()
          .max(500)
          .refine((item) => item.includes(':'), { error: (issue) => `"${String(issue.input)}" is not of the form "<taxonomy name>: <class>"` }),
      )
      .max(50),
  )
  .optional();

export const classificationFilters = z.object({
  classifications: pairList.describe('Sources with one of these classes: "<taxonomy name>: <class>", comma-separated'),
  classifications_simul: flag.describe('With all of the `classifications`, not any'),
  nonclassifications: pairList.describe('Sources with none of these classes: "<taxonomy name>: <class>", comma-separated'),
  classified: flag.describe('Only sources with a classification made by a person (ml=false)'),
  unclassified: flag.describe('Only sources without a classification made by a person (ml=false)'),
});

const asksFor = (schema: z.ZodObject, query: RawQuery) => Object.keys(schema.shape).some((key) => query[key] !== undefined && query[key] !== '');

interface Pair {
  taxonomy: string;
  className: string;
}
const toPair = (item: string): Pair => {
  const at = item.indexOf(':');
  return { taxonomy: item.slice(0, at).trim(), className: item.slice(at + 1).trim() };
};

export class SourceExtensions {
  constructor(private readonly store: ClassificationStore) {}

  tap(hooks: PluginHooks): void {
    hooks.get(sourcesHooks.serialize).tapPromise('classifications', (event) => this.addClassifications(event));
    hooks.get(sourcesHooks.filter).tapPromise('classifications', (event) => this.narrow(event));
  }

  private async addClassifications(event: SourcesSerializeEvent): Promise<void> {
    const { user, sources, view } = event;
    if (!sources.length) return;
    const flags = inputs.parseOrBadRequest(
      includeFlags,
      { includeClassifications: event.query.includeClassifications, removeNested: event.query.removeNested },
      'query parameter',
    );
    if (flags.includeClassifications === false || (flags.includeClassifications === undefined && view === 'list' && flags.removeNested)) return;
    const rows: StoredClassification[] = await this.store
      .inVisibleGroups(user, event.db)
      .whereIn(
        'c.obj_id',
        sources.map((source) => source.id),
      )
      .select(COLUMNS)
      .orderBy(['c.created_at', 'c.id']);
    const answers = await this.store.serialize(user, rows, true);
    for (const source of sources) source.classifications = answers.filter((answer) => answer.obj_id === source.id);
  }

  private async narrow(event: SourcesFilterEvent): Promise<void> {
    if (!asksFor(classificationFilters, event.query)) return;
    const f = inputs.parseOrBadRequest(classificationFilters, event.query, 'query parameter');
    const { db, user, objIdColumn } = event;
    const onSource = () => this.store.inVisibleGroups(user, db).select(db.raw('1')).whereRaw('c.obj_id = ??', [objIdColumn]);
    // SkyPortal's sense: a person's classification; a model's alone leaves a source unclassified.
    if (f.classified) event.whereExists(onSource().where('c.ml', false));
    if (f.unclassified) event.whereNotExists(onSource().where('c.ml', false));
    if (f.classifications?.length) {
      const pairs = await this.resolve(db, user, f.classifications.map(toPair), 'classifications');
      if (f.classifications_simul) {
        for (const pair of pairs) event.whereExists(matching(onSource(), [pair]));
      } else {
        event.whereExists(matching(onSource(), pairs));
      }
    }
    if (f.nonclassifications?.length) {
      const pairs = await this.resolve(db, user, f.nonclassifications.map(toPair), 'nonclassifications');
      event.whereNotExists(matching(onSource(), pairs));
    }
  }

  /** Each pair's taxonomy name as the ids of the caller's taxonomies of that name; an unknown name is a 400 naming the field. */
  private async resolve(db: Knex, user: Principal, pairs: Pair[], field: string): Promise<{ taxonomyIds: number[]; className: string }[]> {
    const names = [...new Set(pairs.map((pair) => pair.taxonomy))];
    const rows: { id: number; name: string }[] = await visibleTaxonomies(db, user).whereIn('t.name', names).select('t.id', 't.name');
    return pairs.map((pair) => {
      const taxonomyIds = rows.filter((row) => row.name === pair.taxonomy).map((row) => row.id);
      if (!taxonomyIds.length) throw badRequest(`${field}: no taxonomy named "${pair.taxonomy}" is shared with your groups`);
      return { taxonomyIds, className: pair.className };
    });
  }
}

/** Narrows classifications to those of any of the pairs (a class within one of the named taxonomies). */
function matching(query: Knex.QueryBuilder, pairs: { taxonomyIds: number[]; className: string }[]): Knex.QueryBuilder {
  return query.where((any) => {
    for (const pair of pairs) any.orWhere((one) => one.whereIn('c.taxonomy_id', pair.taxonomyIds).where('c.classification', pair.className));
  });
}
