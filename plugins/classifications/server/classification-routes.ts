/**
 * SkyPortal's classification routes: `GET/POST /api/classification`, `GET/PUT/DELETE
 * /api/classification/{id}`, `GET /api/classification/sources`, `POST/DELETE
 * /api/classification/votes/{id}`, `GET/DELETE /api/sources/{id}/classifications`. A
 * classification the caller cannot read answers as a missing one, SkyPortal's 400.
 */
import { badRequest, forbidden, inputs, type Knex, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import { classNames } from '../types.js';
import type { ClassificationEvents } from './events.js';
import { writableGroups } from './groups.js';
import {
  bulkClassificationInput,
  classificationInput,
  classificationListQuery,
  classificationOneQuery,
  classificationPostBody,
  classificationPutBody,
  classificationSourcesQuery,
  idParams,
  sourceParams,
  voteBody,
  MAX_CLASSIFICATIONS_PER_POST,
  type ClassificationPost,
} from './inputs.js';
import {
  castVote,
  COLUMNS,
  deleteClassifications,
  insertClassifications,
  updateClassification,
  withdrawVote,
  type ClassificationStore,
  type NewClassification,
  type StoredClassification,
} from './store.js';
import { serializeTaxonomies, visibleTaxonomies, visibleTaxonomy, type StoredTaxonomy } from './taxonomies.js';

export interface ClassificationRouteDeps {
  db: Knex;
  store: ClassificationStore;
  sources: SourcesService;
  events: ClassificationEvents;
  sitewideGroupId: number;
}

const missing = (id: number) => badRequest(`Cannot find classification with ID: ${id}.`);

/** Its author, an admin of one of its groups, or a system admin may change or delete a classification (SkyPortal's rule). */
function mayChange(user: Principal, row: StoredClassification, groupIds: readonly number[]): boolean {
  return user.isSystemAdmin || row.author_id === user.id || groupIds.some((id) => user.adminGroupIds.includes(id));
}

export function classificationRoutes(router: PluginRouter, deps: ClassificationRouteDeps): void {
  const { db, store, sources, events, sitewideGroupId } = deps;
  const tags = ['classifications'];

  /** The taxonomy named by `taxonomy_id`, checked to hold `className`; 400 naming the field otherwise. */
  async function classIn(user: Principal, taxonomyId: number, className: string, prefix: string): Promise<StoredTaxonomy> {
    const taxonomy = await visibleTaxonomy(db, user, taxonomyId);
    if (!taxonomy) throw badRequest(`${prefix}taxonomy_id: no taxonomy ${taxonomyId} is shared with your groups`);
    if (!classNames(taxonomy.hierarchy).includes(className)) {
      throw badRequest(
        `${prefix}classification: "${className}" is not in the allowed classes of taxonomy ${taxonomyId} (${taxonomy.name} ${taxonomy.version})`,
      );
    }
    return taxonomy;
  }

  /** A posted classification, checked against what the caller sees; `prefix` names it within a bulk post. */
  async function checked(user: Principal, item: ClassificationPost, prefix: string): Promise<NewClassification> {
    if (!(await sources.visibleObj(user, item.obj_id))) throw badRequest(`${prefix}obj_id: no source ${item.obj_id} among those you can see`);
    await classIn(user, item.taxonomy_id, item.classification, prefix);
    const groupIds = await writableGroups(db, user, item.group_ids?.length ? item.group_ids : [sitewideGroupId], `${prefix}group_ids`);
    return {
      obj_id: item.obj_id,
      taxonomy_id: item.taxonomy_id,
      classification: item.classification,
      probability: item.probability ?? null,
      origin: item.origin ?? null,
      ml: item.ml ?? false,
      groupIds,
      vote: item.vote,
    };
  }

  async function readable(user: Principal, id: number): Promise<StoredClassification> {
    const row = await store.one(user, id);
    if (!row) throw missing(id);
    return row;
  }

  async function changeable(user: Principal, id: number): Promise<{ row: StoredClassification; groupIds: number[] }> {
    const row = await readable(user, id);
    const groupIds = await store.groupIdsOf(id);
    if (!mayChange(user, row, groupIds)) throw forbidden('Only its author or an admin of one of its groups may change or delete this classification.');
    return { row, groupIds };
  }

  async function withTaxonomies(user: Principal, rows: StoredClassification[], include: boolean | undefined) {
    const answers = await store.serialize(user, rows, false);
    if (!include || !answers.length) return answers;
    const taxonomyIds = [...new Set(rows.map((row) => row.taxonomy_id))];
    const taxonomies = await serializeTaxonomies(db, user, await visibleTaxonomies(db, user).whereIn('t.id', taxonomyIds).select('t.*'));
    return answers.map((answer) => ({ ...answer, taxonomy: taxonomies.find((taxonomy) => taxonomy.id === answer.taxonomy_id) }));
  }

  router.get(
    '/api/classification',
    { access: 'authenticated', query: classificationListQuery, tags, summary: 'Your classifications, a page at a time (oldest first)' },
    async ({ user, query }) => {
      const rows = store.visible(user);
      if (query.startDate) rows.where('c.created_at', '>=', query.startDate);
      if (query.endDate) rows.where('c.created_at', '<=', query.endDate);
      const [{ count }] = await rows.clone().count({ count: '*' });
      const page: StoredClassification[] = await rows
        .select(COLUMNS)
        .orderBy(['c.created_at', 'c.id'])
        .offset((query.pageNumber - 1) * query.numPerPage)
        .limit(query.numPerPage);
      return { classifications: await withTaxonomies(user, page, query.includeTaxonomy), totalMatches: Number(count) };
    },
  );

  // Before `/:id`, which it would otherwise match.
  router.get(
    '/api/classification/sources',
    {
      access: 'authenticated',
      query: classificationSourcesQuery,
      tags: [...tags, 'sources'],
      summary: 'The ids of sources with a classification you can read',
    },
    async ({ user, query }) => {
      const rows = store.visible(user);
      if (query.startDate) rows.where('c.created_at', '>=', query.startDate);
      if (query.endDate) rows.where('c.created_at', '<=', query.endDate);
      return rows.distinct('c.obj_id').orderBy('c.obj_id').pluck('c.obj_id');
    },
  );

  router.get(
    '/api/classification/:id',
    { access: 'authenticated', params: idParams, query: classificationOneQuery, tags, summary: 'A classification' },
    async ({ user, params, query }) => (await withTaxonomies(user, [await readable(user, params.id)], query.includeTaxonomy))[0],
  );

  router.post(
    '/api/classification',
    {
      access: { acl: 'Classify' },
      body: classificationPostBody,
      bodyLimit: '2mb',
      tags,
      summary: `Classify a source within a taxonomy (or several: { classifications: [...] }, at most ${MAX_CLASSIFICATIONS_PER_POST})`,
    },
    async ({ user, body }) => {
      const bulk = 'classifications' in body;
      const posted = bulk ? inputs.parseOrBadRequest(bulkClassificationInput, body).classifications : [inputs.parseOrBadRequest(classificationInput, body)];
      const items: NewClassification[] = [];
      for (const [i, item] of posted.entries()) items.push(await checked(user, item, bulk ? `classifications[${i}].` : ''));
      const ids = await insertClassifications(db, user, items);
      // As SkyPortal: classifying labels the source for the classification's groups (unless label: false).
      for (const [i, item] of items.entries()) if (posted[i]!.label !== false) await sources.labelSource(user, item.obj_id, item.groupIds);
      for (const [i, item] of items.entries()) await events.classificationChanged(item.obj_id, ids[i]!, 'added', item.groupIds);
      return bulk ? { classification_ids: ids } : { classification_id: ids[0] };
    },
  );

  router.put(
    '/api/classification/:id',
    {
      access: { acl: 'Classify' },
      params: idParams,
      body: classificationPutBody,
      tags,
      summary: 'Change a classification (its author or a group admin); a changed probability is recorded as an edit',
    },
    async ({ user, params, body }) => {
      const { row, groupIds: before } = await changeable(user, params.id);
      if (body.obj_id !== undefined && body.obj_id !== row.obj_id)
        throw badRequest(`obj_id: a classification stays on its source (${row.obj_id}); post a new one`);
      const taxonomyId = body.taxonomy_id ?? row.taxonomy_id;
      const className = body.classification ?? row.classification;
      if (body.taxonomy_id !== undefined || body.classification !== undefined) await classIn(user, taxonomyId, className, '');
      const groupIds = body.group_ids?.length ? await writableGroups(db, user, body.group_ids) : undefined;
      await updateClassification(db, user, row, {
        classification: body.classification,
        taxonomy_id: body.taxonomy_id,
        probability: body.probability,
        origin: body.origin,
        ml: body.ml,
        groupIds,
      });
      await events.classificationChanged(row.obj_id, row.id, 'edited', [...before, ...(groupIds ?? [])]);
      return {};
    },
  );

  router.delete(
    '/api/classification/:id',
    { access: { acl: 'Classify' }, params: idParams, tags, summary: 'Delete a classification (its author or a group admin)' },
    async ({ user, params }) => {
      const { row, groupIds } = await changeable(user, params.id);
      await deleteClassifications(db, [row.id]);
      await sources.labelSource(user, row.obj_id, groupIds);
      await events.classificationChanged(row.obj_id, row.id, 'deleted', groupIds);
      return {};
    },
  );

  // Voting is work on the data, as classifying is: the same ACL (SkyPortal asks for none).
  router.post(
    '/api/classification/votes/:id',
    {
      access: { acl: 'Classify' },
      params: idParams,
      body: voteBody,
      tags,
      summary: 'Vote for (1) or against (-1) a classification; voting again changes your vote',
    },
    async ({ user, params, body }) => {
      const row = await readable(user, params.id);
      await castVote(db, row.id, user.id, body.vote);
      const groupIds = await store.groupIdsOf(row.id);
      await sources.labelSource(user, row.obj_id, groupIds);
      await events.classificationChanged(row.obj_id, row.id, 'voted', groupIds);
      return {};
    },
  );

  router.delete(
    '/api/classification/votes/:id',
    { access: { acl: 'Classify' }, params: idParams, tags, summary: 'Take back your vote on a classification' },
    async ({ user, params }) => {
      const row = await readable(user, params.id);
      await withdrawVote(db, row.id, user.id);
      await events.classificationChanged(row.obj_id, row.id, 'voted', await store.groupIdsOf(row.id));
      return {};
    },
  );

  router.get(
    '/api/sources/:id/classifications',
    {
      access: 'authenticated',
      params: sourceParams,
      tags: [...tags, 'sources'],
      summary: "A source's classifications, with their votes and probability edits",
    },
    async ({ user, params }) => store.serialize(user, await store.ofSource(user, params.id), true),
  );

  router.delete(
    '/api/sources/:id/classifications',
    { access: { acl: 'Classify' }, params: sourceParams, tags: [...tags, 'sources'], summary: "Delete a source's classifications that you may delete" },
    async ({ user, params }) => {
      const rows = await store.ofSource(user, params.id);
      const links: { classification_id: number; group_id: number }[] = rows.length
        ? await db('classification_groups').whereIn(
            'classification_id',
            rows.map((row) => row.id),
          )
        : [];
      const deletable = rows.filter((row) =>
        mayChange(
          user,
          row,
          links.filter((link) => link.classification_id === row.id).map((link) => link.group_id),
        ),
      );
      await deleteClassifications(
        db,
        deletable.map((row) => row.id),
      );
      for (const row of deletable) {
        const groupIds = links.filter((link) => link.classification_id === row.id).map((link) => link.group_id);
        await events.classificationChanged(row.obj_id, row.id, 'deleted', groupIds);
      }
      return { deleted: deletable.map((row) => row.id) };
    },
  );
}
