/**
 * Source labels (SkyPortal's `SourceLabel`): a user notes that they have labelled a source for
 * some of their groups. Routes `POST`/`DELETE /api/sources/{id}/labels {groupIds}`, the
 * `includeLabellers` field and the `hasBeenLabelled`/`hasNotBeenLabelled`/`currentUserLabeller`
 * filters of the list, the last two through this plugin's own hooks, as any plugin would. A label
 * is seen only through its group, so who labelled what for a group stays within it.
 */
import {
  inputs,
  notFound,
  resolveWritableGroups,
  scopeToGroups,
  userSummaries,
  z,
  type Knex,
  type PluginHooks,
  type PluginRouter,
  type Principal,
} from '@skyportal/sdk';
import { sourcesHooks, type SourcesFilterEvent, type SourcesSerializeEvent } from '../types.js';
import { sourceId } from './inputs.js';
import { visibleSourceIds } from './store.js';

const labelBody = z.object({ groupIds: inputs.dbIdArray(1000).min(1, 'at least one group') }).strict();
const flag = inputs.flag().optional();
const includeFlags = z.object({ includeLabellers: flag });
const labelFilters = z.object({ hasBeenLabelled: flag, hasNotBeenLabelled: flag, currentUserLabeller: flag });

/** The labels of the caller's groups (`source_labels as l`). */
const visibleLabels = (db: Knex, user: Principal) => scopeToGroups(db('source_labels as l'), user, { groupColumn: 'l.group_id' });

async function mustSee(db: Knex, user: Principal, objId: string): Promise<void> {
  if (!(await visibleSourceIds(db, user, [objId])).has(objId)) throw notFound(`Source ${objId}`);
}

/** Marks that a user labelled a source for these groups (checked by the caller); a label twice is one label. */
export async function labelSource(db: Knex, labellerId: number, objId: string, groupIds: readonly number[]): Promise<void> {
  if (!groupIds.length) return;
  await db('source_labels')
    .insert(groupIds.map((group_id) => ({ obj_id: objId, group_id, labeller_id: labellerId })))
    .onConflict(['obj_id', 'group_id', 'labeller_id'])
    .ignore();
}

export function labelRoutes(router: PluginRouter): void {
  const spec = { tags: ['sources'], params: z.object({ id: sourceId }), body: labelBody };
  router.post(
    '/api/sources/:id/labels',
    // SkyPortal asks for no ACL; every write here names one, and labelling is work on the data.
    { ...spec, access: { acl: 'Upload data' }, summary: 'Note that you labelled a source, for some of your groups' },
    async ({ user, params, body, db }) => {
      await mustSee(db, user, params.id);
      await labelSource(db, user.id, params.id, await resolveWritableGroups(db, user, body.groupIds, 'groupIds'));
      return {};
    },
  );
  router.delete(
    '/api/sources/:id/labels',
    { ...spec, access: { acl: 'Upload data' }, summary: 'Take back your labels of a source, for some of your groups' },
    async ({ user, params, body, db }) => {
      await mustSee(db, user, params.id);
      await db('source_labels').where({ obj_id: params.id, labeller_id: user.id }).whereIn('group_id', body.groupIds).delete();
      return {};
    },
  );
}

/**
 * `includeLabellers`: on a single source the users who labelled it (SkyPortal gives users there),
 * on a list the labels themselves (as SkyPortal's list does); only labels of the caller's groups.
 */
async function addLabellers(event: SourcesSerializeEvent): Promise<void> {
  if (event.query.includeLabellers === undefined || !event.sources.length) return;
  if (!inputs.parseOrBadRequest(includeFlags, event.query, 'query parameter').includeLabellers) return;
  const { db, user, sources } = event;
  const labels: { id: number; obj_id: string; group_id: number; labeller_id: number; created_at: string }[] = await visibleLabels(db, user)
    .whereIn(
      'l.obj_id',
      sources.map((source) => source.id),
    )
    .select('l.id', 'l.obj_id', 'l.group_id', 'l.labeller_id', 'l.created_at')
    .orderBy('l.created_at');
  if (event.view === 'single') {
    const users = await userSummaries(
      db,
      labels.map((label) => label.labeller_id),
    );
    sources[0]!.labellers = [...new Set(labels.map((label) => label.labeller_id))].map((id) => users.get(id)).filter(Boolean);
    return;
  }
  for (const source of sources) source.labellers = labels.filter((label) => label.obj_id === source.id);
}

/** `hasBeenLabelled` / `hasNotBeenLabelled`, by anyone of the caller's groups or (`currentUserLabeller`) by the caller. */
async function narrowByLabels(event: SourcesFilterEvent): Promise<void> {
  const { query } = event;
  if (query.hasBeenLabelled === undefined && query.hasNotBeenLabelled === undefined) return;
  const f = inputs.parseOrBadRequest(labelFilters, query, 'query parameter');
  if (!f.hasBeenLabelled && !f.hasNotBeenLabelled) return;
  const labelled = visibleLabels(event.db, event.user).select(event.db.raw('1')).whereRaw('l.obj_id = ??', [event.objIdColumn]);
  if (f.currentUserLabeller) labelled.where('l.labeller_id', event.user.id);
  if (f.hasBeenLabelled) event.whereExists(labelled);
  else event.whereNotExists(labelled);
}

export function labelExtensions(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.serialize).tapPromise('sources.labels', addLabellers);
  hooks.get(sourcesHooks.filter).tapPromise('sources.labels', narrowByLabels);
}
