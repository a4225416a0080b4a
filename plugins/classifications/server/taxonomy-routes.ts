/**
 * SkyPortal's taxonomy routes: `GET/POST /api/taxonomy`, `GET/PUT/DELETE /api/taxonomy/{id}`.
 * A taxonomy is read by the members of its groups; one that is missing or not shared with the
 * caller answers as SkyPortal does, a 400 saying it is not available.
 */
import { badRequest, inputs, z, type Knex, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { TaxonomyNode } from '../types.js';
import type { ClassificationEvents } from './events.js';
import { hierarchy as hierarchySchema, hierarchyFromYaml } from './hierarchy.js';
import { idParams, taxonomyPostBody, taxonomyPutBody } from './inputs.js';
import { writableGroups } from './groups.js';
import {
  deleteTaxonomy,
  insertTaxonomy,
  serializeTaxonomies,
  taxonomyGroupIds,
  taxonomyInUse,
  updateTaxonomy,
  visibleTaxonomies,
  visibleTaxonomy,
  type StoredTaxonomy,
} from './taxonomies.js';

export interface TaxonomyRouteDeps {
  db: Knex;
  events: ClassificationEvents;
  sitewideGroupId: number;
}

const unavailable = (id: number) => badRequest(`Taxonomy ${id} does not exist or is not available to you.`);

export function taxonomyRoutes(router: PluginRouter, { db, events, sitewideGroupId }: TaxonomyRouteDeps): void {
  const tags = ['taxonomies'];

  async function readable(user: Principal, id: number): Promise<StoredTaxonomy> {
    const taxonomy = await visibleTaxonomy(db, user, id);
    if (!taxonomy) throw unavailable(id);
    return taxonomy;
  }

  router.get('/api/taxonomy', { access: 'authenticated', tags, summary: 'The taxonomies shared with your groups' }, async ({ user }) =>
    serializeTaxonomies(db, user, await visibleTaxonomies(db, user).select('t.*').orderBy('t.id')),
  );

  router.get(
    '/api/taxonomy/:id',
    { access: 'authenticated', params: idParams, tags, summary: 'A taxonomy, with its tree of classes' },
    async ({ user, params }) => {
      return (await serializeTaxonomies(db, user, [await readable(user, params.id)]))[0];
    },
  );

  router.post(
    '/api/taxonomy',
    {
      access: { acl: 'Post taxonomy' },
      body: taxonomyPostBody,
      bodyLimit: '3mb',
      tags,
      summary: 'Post a taxonomy: a tree of classes with a name and version, for some of your groups',
    },
    async ({ user, body }) => {
      const tree = treeOf(body.hierarchy, body.hierarchy_file);
      const duplicate = await visibleTaxonomies(db, user).where({ 't.name': body.name, 't.version': body.version }).first('t.id');
      if (duplicate) {
        throw badRequest(
          `version: taxonomy "${body.name}" version ${body.version} is already present (taxonomy ${duplicate.id}); delete it first to replace it`,
        );
      }
      const groupIds = await writableGroups(db, user, body.group_ids?.length ? body.group_ids : [sitewideGroupId]);
      const id = await insertTaxonomy(db, user, {
        name: body.name,
        version: body.version,
        hierarchy: tree,
        provenance: body.provenance ?? null,
        isLatest: body.isLatest,
        groupIds,
      });
      await events.taxonomyChanged(id, 'added', groupIds);
      return { taxonomy_id: id };
    },
  );

  router.put(
    '/api/taxonomy/:id',
    {
      access: { acl: 'Post taxonomy' },
      params: idParams,
      body: taxonomyPutBody,
      tags,
      summary: "Change a taxonomy's name, version, provenance, latest flag or groups",
    },
    async ({ user, params, body }) => {
      if (body.hierarchy !== undefined) {
        throw badRequest('hierarchy: a hierarchy cannot be edited (classifications were made in it); post a new taxonomy (a new version) instead');
      }
      await readable(user, params.id);
      const before = await taxonomyGroupIds(db, params.id);
      const groupIds = body.group_ids ? await writableGroups(db, user, body.group_ids) : undefined;
      await updateTaxonomy(db, params.id, { name: body.name, version: body.version, provenance: body.provenance, isLatest: body.isLatest, groupIds });
      await events.taxonomyChanged(params.id, 'edited', [...before, ...(groupIds ?? [])]);
      return {};
    },
  );

  router.delete(
    '/api/taxonomy/:id',
    { access: { acl: 'Delete taxonomy' }, params: idParams, tags, summary: 'Delete a taxonomy in which nothing was classified' },
    async ({ user, params }) => {
      await readable(user, params.id);
      if (await taxonomyInUse(db, params.id)) {
        throw badRequest(`Cannot delete taxonomy ${params.id}: classifications were made in it (delete them first).`);
      }
      const groupIds = await taxonomyGroupIds(db, params.id);
      try {
        await deleteTaxonomy(db, params.id);
      } catch (error) {
        // A classification made since the check above (the foreign key refuses).
        if ((error as { code?: string }).code === '23503')
          throw badRequest(`Cannot delete taxonomy ${params.id}: classifications were made in it (delete them first).`);
        throw error;
      }
      await events.taxonomyChanged(params.id, 'deleted', groupIds);
      return {};
    },
  );
}

/** The posted tree: `hierarchy`, or `hierarchy_file` (YAML) checked the same way; exactly one. */
function treeOf(hierarchy: TaxonomyNode | undefined, file: string | undefined): TaxonomyNode {
  if (hierarchy !== undefined && file !== undefined) throw badRequest('hierarchy: give either hierarchy or hierarchy_file, not both');
  if (hierarchy !== undefined) return hierarchy;
  if (file === undefined) throw badRequest('hierarchy: required (a tree of classes: { class, subclasses: [...] }), or hierarchy_file (the same as YAML)');
  const parsed = hierarchyFromYaml(file);
  if (parsed === undefined) throw badRequest('hierarchy_file: not YAML text');
  return inputs.parseOrBadRequest(z.object({ hierarchy_file: hierarchySchema }), { hierarchy_file: parsed }).hierarchy_file;
}
