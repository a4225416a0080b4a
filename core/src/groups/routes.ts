import { z } from 'zod';
import type { Knex } from 'knex';
import type { AuditLog, PluginRouter, Principal } from '@skyportal/sdk';
import { ApiError, MISSING_PARAMETER, badRequest, compat, conflict, coreHooks, forbidden, inputs, isUniqueViolation, notFound } from '@skyportal/sdk';
import type { Principals } from '../auth/principals.js';
import type { HookStore } from '../plugins/hooks.js';
import { membersWithoutStream, missingGroupStream } from '../streams/rules.js';

const groupId = z.object({ id: inputs.dbId });

/** A group's fields as every route takes them (names are unique: see `renameClash`). */
const groupFields = {
  name: inputs.name(200),
  nickname: inputs.name(100),
  description: inputs.text(10_000),
};

/** Which of the unique fields another group already holds: 409 naming it, rather than the database's refusal. */
async function renameClash(knex: Knex, id: number, fields: { name?: string; nickname?: string }): Promise<void> {
  for (const field of ['name', 'nickname'] as const) {
    const value = fields[field];
    if (value === undefined) continue;
    const other = await knex('groups').where(field, value).whereNot('id', id).first('id');
    if (other) throw conflict(`${field}: another group is ${field === 'name' ? 'named' : 'nicknamed'} ${JSON.stringify(value)}`);
  }
}

interface Deps {
  knex: Knex;
  principals: Principals;
  hooks: HookStore;
  audit: AuditLog;
  sitewideGroupId: () => number;
}

/** A group the caller belongs to (or any, for system admins); else SkyPortal's 400, as for a missing one. */
async function visibleGroup(knex: Knex, user: Principal, id: number) {
  const group = await knex('groups').where({ id }).first();
  if (!group || (!user.isSystemAdmin && !user.groupIds.includes(id))) throw compat.cannotFind(`Group with id ${id}`);
  return group;
}

function mayAdminister(user: Principal, id: number): boolean {
  return user.isSystemAdmin || user.adminGroupIds.includes(id);
}

/**
 * A group whose members the caller may change (its admin, or a system admin): SkyPortal answers
 * 400 "not accessible" for one that is hidden, missing or not the caller's to administer alike.
 */
async function administeredGroup(knex: Knex, user: Principal, id: number) {
  const group = await knex('groups').where({ id }).first();
  if (!group || !mayAdminister(user, id)) throw compat.notAccessible(`Group with ID ${id}`, 'only its admins change its members');
  if (group.single_user_group) throw badRequest(`id: Cannot add users to group ${id}. It is a single user group.`);
  return group;
}

/** Groups rows as the list routes give them. */
const GROUP_COLUMNS = ['groups.id', 'groups.name', 'groups.nickname', 'groups.description', 'groups.private', 'groups.single_user_group', 'groups.created_at'];

/** Groups the caller may find (by listing or by name): members' groups and every non-private one; all for system admins. */
function findableGroups(knex: Knex, user: Principal) {
  const query = knex('groups').select(...GROUP_COLUMNS);
  if (!user.isSystemAdmin) query.where((q) => q.where('groups.private', false).orWhereIn('groups.id', [...user.groupIds]));
  return query;
}

/** A group's members, as `GET /api/groups/{id}` lists them (never contact details). */
function groupMembers(knex: Knex, groupId: number) {
  return knex('group_users')
    .join('users', 'users.id', 'group_users.user_id')
    .where('group_users.group_id', groupId)
    .select('users.id', 'users.username', 'users.first_name', 'users.last_name', 'group_users.admin', 'group_users.can_save')
    .orderBy('users.username');
}

/** Each group's streams (`{id, name}`), as SkyPortal lists them on a group. */
async function streamsOfGroups(knex: Knex, groupIds: readonly number[]): Promise<Map<number, { id: number; name: string }[]>> {
  const rows: { group_id: number; id: number; name: string }[] = groupIds.length
    ? await knex('group_streams as gs')
        .join('streams', 'streams.id', 'gs.stream_id')
        .whereIn('gs.group_id', [...groupIds])
        .select('gs.group_id', 'streams.id', 'streams.name')
        .orderBy(['gs.group_id', 'streams.id'])
    : [];
  const byGroup = new Map<number, { id: number; name: string }[]>();
  for (const { group_id, ...stream } of rows) byGroup.set(group_id, [...(byGroup.get(group_id) ?? []), stream]);
  return byGroup;
}

/** 403 (SkyPortal's status) unless the user holds every stream of the groups they would join. */
async function requireGroupStreams(knex: Knex, groupIds: readonly number[], target: { id: number; username: string }): Promise<void> {
  const missing = await missingGroupStream(knex, groupIds, target.id);
  if (missing !== undefined) {
    throw new ApiError(
      403,
      `userID: User with ID ${target.id} (${target.username}) does not have stream access with ID ${missing}. Please contact a super-admin to grant access.`,
    );
  }
}

export function groupRoutes(router: PluginRouter, deps: Deps): void {
  const { knex } = deps;

  router.get(
    '/api/groups',
    {
      access: 'authenticated',
      summary: "The caller's groups, the groups they may access and all groups they may see; or, with `name`, the groups of that name",
      tags: ['groups'],
      query: z.object({
        name: inputs.name(200).optional().describe('Exact name: the answer is the list of groups so named'),
        includeSingleUserGroups: inputs.flag().optional(),
      }),
    },
    async ({ user, query }) => {
      if (query.name !== undefined) return findableGroups(knex, user).where('groups.name', query.name).orderBy('groups.id');
      // As SkyPortal: user_groups are every group the caller is in, their single-user group too;
      // user_accessible_groups are those whose data they see, without single-user groups (every
      // group for a system admin); all_groups the groups they may find.
      const mine = await knex('groups')
        .join('group_users', 'group_users.group_id', 'groups.id')
        .where('group_users.user_id', user.id)
        .select(...GROUP_COLUMNS, 'group_users.admin')
        .orderBy('groups.name');
      const accessible = user.isSystemAdmin
        ? await knex('groups')
            .select(...GROUP_COLUMNS)
            .where('groups.single_user_group', false)
            .orderBy('groups.name')
        : mine.filter((g) => !g.single_user_group);
      const all = findableGroups(knex, user).orderBy('groups.name');
      if (!query.includeSingleUserGroups) all.where('groups.single_user_group', false);
      const allGroups: { id: number }[] = await all;
      const streams = await streamsOfGroups(
        knex,
        allGroups.map((g) => g.id),
      );
      const withStreams = allGroups.map((g) => ({ ...g, streams: streams.get(g.id) ?? [] }));
      return { user_groups: mine, user_accessible_groups: accessible, all_groups: withStreams };
    },
  );

  router.get('/api/groups/public', { access: 'authenticated', summary: 'The sitewide group, which every user belongs to', tags: ['groups'] }, async () =>
    knex('groups').where({ id: deps.sitewideGroupId() }).first('id', 'name', 'nickname', 'description', 'private', 'single_user_group'),
  );

  router.post(
    '/api/groups',
    {
      // As SkyPortal: any user who may upload data may start a group (a collaboration) and runs it.
      access: { acl: 'Upload data' },
      summary: 'Create a group; the creator becomes its admin',
      tags: ['groups'],
      body: z.object({
        name: groupFields.name,
        nickname: groupFields.nickname.optional(),
        description: groupFields.description.optional(),
        private: z.boolean().default(false),
        group_admins: inputs.dbIdArray(1000).default([]),
      }),
    },
    async ({ user, body }) => {
      const id = await knex.transaction(async (trx) => {
        const clash = await trx('groups')
          .where({ name: body.name })
          .orWhere((q) => body.nickname && q.where({ nickname: body.nickname }))
          .first('id');
        if (clash) throw conflict(`name: a group named ${body.name} (or nicknamed ${body.nickname}) exists`);
        const [group] = await trx('groups')
          .insert({ name: body.name, nickname: body.nickname ?? null, description: body.description ?? null, private: body.private })
          .returning('id');
        const admins = [...new Set([user.id, ...body.group_admins])];
        const found = await trx('users').whereIn('id', admins).pluck('id');
        const missing = admins.filter((a) => !found.includes(a));
        if (missing.length) throw badRequest(`group_admins: no user(s) ${missing.join(', ')}`);
        await trx('group_users').insert(admins.map((user_id) => ({ group_id: group.id, user_id, admin: true })));
        const details = { private: body.private, group_admins: admins };
        await deps.audit.record(trx, user, { action: 'group.create', targetType: 'group', targetId: group.id, targetName: body.name, details });
        return group.id as number;
      });
      await deps.principals.invalidate();
      return { id };
    },
  );

  router.get(
    '/api/groups/:id',
    {
      access: 'authenticated',
      summary: 'A group with its members',
      tags: ['groups'],
      params: groupId,
      query: z.object({ includeGroupUsers: inputs.flag().default(true).describe('List the members (default true)') }),
    },
    async ({ user, params, query }) => {
      const group = await visibleGroup(knex, user, params.id);
      const streams = (await knex('group_streams as gs')
        .join('streams', 'streams.id', 'gs.stream_id')
        .where('gs.group_id', params.id)
        .orderBy('streams.id')
        .select('streams.*')) as unknown[];
      return query.includeGroupUsers ? { ...group, streams, users: await groupMembers(knex, params.id) } : { ...group, streams };
    },
  );

  // PATCH, and PUT: SkyPortal's method for the same change (the fields given change, the rest stay).
  for (const method of ['patch', 'put'] as const) {
    router[method](
      '/api/groups/:id',
      {
        access: { acl: 'Upload data' },
        summary: `Rename or describe a group (group admins)${method === 'put' ? '; as PATCH, SkyPortal’s method' : ''}`,
        tags: ['groups'],
        params: groupId,
        body: z.object({ name: groupFields.name.optional(), nickname: groupFields.nickname.optional(), description: groupFields.description.optional() }),
      },
      async ({ user, params, body }) => {
        const group = await visibleGroup(knex, user, params.id);
        if (!mayAdminister(user, params.id)) throw forbidden('Only group admins may change a group');
        if (group.single_user_group) throw badRequest('id: single-user groups cannot be changed');
        await renameClash(knex, params.id, body);
        try {
          if (Object.keys(body).length) {
            await knex.transaction(async (trx) => {
              await trx('groups').where({ id: params.id }).update(body);
              const details = { fields: Object.keys(body) };
              await deps.audit.record(trx, user, {
                action: 'group.update',
                targetType: 'group',
                targetId: params.id,
                targetName: body.name ?? group.name,
                details,
              });
            });
          }
        } catch (error) {
          // A rename racing another: the constraint names the field.
          if (isUniqueViolation(error))
            throw conflict(`${/nickname/.test(String((error as { constraint?: string }).constraint)) ? 'nickname' : 'name'}: taken by another group`);
          throw error;
        }
        return { id: params.id };
      },
    );
  }

  router.delete(
    '/api/groups/:id',
    { access: { acl: 'Manage groups' }, summary: 'Delete a group (its admins holding Manage groups)', tags: ['groups'], params: groupId },
    async ({ user, params }) => {
      const group = await visibleGroup(knex, user, params.id);
      if (!mayAdminister(user, params.id)) throw forbidden('Only group admins may delete a group');
      if (group.single_user_group || group.id === deps.sitewideGroupId()) {
        // SkyPortal's answer (403, "Cannot find Group with id"), which its clients check.
        throw new ApiError(403, `Cannot find Group with id ${params.id} that may be deleted: the sitewide group and single-user groups stay`);
      }
      // Plugins delete their rows of the group in the same transaction (they put no triggers on core's tables).
      await knex.transaction(async (trx) => {
        await deps.hooks.of(coreHooks.groupDeleted).promise({ groupId: params.id, trx });
        await trx('groups').where({ id: params.id }).delete();
        await deps.audit.record(trx, user, { action: 'group.delete', targetType: 'group', targetId: params.id, targetName: group.name });
      });
      await deps.principals.invalidate();
      return { id: params.id };
    },
  );

  router.post(
    '/api/groups/:id/users',
    {
      access: { acl: 'Upload data' },
      summary: 'Add a user to a group (group admins)',
      tags: ['groups'],
      params: groupId,
      body: z.object({ userID: inputs.dbId, admin: z.boolean().default(false), canSave: z.boolean().default(true) }),
    },
    async ({ user, params, body }) => {
      const group = await administeredGroup(knex, user, params.id);
      const target = await knex('users').where({ id: body.userID }).first('id', 'username');
      if (!target) throw compat.notAccessible(`User with ID ${body.userID}`);
      await requireGroupStreams(knex, [params.id], target);
      await knex.transaction(async (trx) => {
        const [added] = await trx('group_users')
          .insert({ group_id: params.id, user_id: body.userID, admin: body.admin, can_save: body.canSave })
          .onConflict(['group_id', 'user_id'])
          .ignore()
          .returning('user_id');
        // As SkyPortal: a member's flags change with PATCH, not by adding them again.
        if (!added) throw badRequest(`userID: User ${body.userID} is already a member of group ${params.id}.`);
        const details = { user_id: body.userID, username: target.username, admin: body.admin, can_save: body.canSave };
        await deps.audit.record(trx, user, { action: 'group.member.add', targetType: 'group', targetId: params.id, targetName: group.name, details });
      });
      await deps.principals.invalidate(body.userID);
      return { group_id: params.id, user_id: body.userID, admin: body.admin };
    },
  );

  router.patch(
    '/api/groups/:id/users',
    {
      access: { acl: 'Upload data' },
      summary: "Change a member's admin or can-save flag (group admins)",
      tags: ['groups'],
      params: groupId,
      body: z.object({ userID: inputs.dbId, admin: z.boolean().optional(), canSave: z.boolean().optional() }),
    },
    async ({ user, params, body }) => {
      const group = await administeredGroup(knex, user, params.id);
      if (body.admin === undefined && body.canSave === undefined) throw badRequest(`admin, canSave: ${MISSING_PARAMETER} (at least one of them)`);
      const changes = { ...(body.admin === undefined ? {} : { admin: body.admin }), ...(body.canSave === undefined ? {} : { can_save: body.canSave }) };
      const member = await knex.transaction(async (trx) => {
        const [changed] = await trx('group_users').where({ group_id: params.id, user_id: body.userID }).update(changes).returning(['admin', 'can_save']);
        if (!changed) throw badRequest(`userID: User ${body.userID} is not a member of group ${params.id}.`);
        const details = { user_id: body.userID, ...changes };
        await deps.audit.record(trx, user, { action: 'group.member.update', targetType: 'group', targetId: params.id, targetName: group.name, details });
        return changed;
      });
      await deps.principals.invalidate(body.userID);
      return { group_id: params.id, user_id: body.userID, admin: member.admin, can_save: member.can_save };
    },
  );

  router.post(
    '/api/groups/:id/usersFromGroups',
    {
      access: { acl: 'Upload data' },
      summary: 'Add every member of other groups (that the caller is in) to a group (group admins)',
      tags: ['groups'],
      params: groupId,
      body: z.object({ fromGroupIDs: inputs.dbIdArray(1000).min(1) }),
    },
    async ({ user, params, body }) => {
      const group = await administeredGroup(knex, user, params.id);
      const from = [...new Set(body.fromGroupIDs)];
      const found: number[] = await knex('groups').whereIn('id', from).pluck('id');
      // Only groups the caller sees: a hidden group's members are not theirs to copy.
      const unseen = from.filter((id) => !found.includes(id) || (!user.isSystemAdmin && !user.groupIds.includes(id)));
      if (unseen.length) throw compat.cannotFind(`group(s) ${unseen.join(', ')} of fromGroupIDs`);
      const streams = await knex('group_streams').where({ group_id: params.id }).pluck('stream_id');
      for (const stream of streams) {
        // Members of the group hold its streams already: whoever lacks one is a newcomer.
        const blocked = await membersWithoutStream(knex, from, stream);
        if (blocked.length) {
          throw new ApiError(
            403,
            `fromGroupIDs: user(s) ${blocked.map((u) => `${u.id} (${u.username})`).join(', ')} do not have stream access with ID ${stream}: nobody was added`,
          );
        }
      }
      const added = await knex.transaction(async (trx) => {
        const inserted = await trx.raw<{ rows: { user_id: number }[] }>(
          `INSERT INTO group_users (group_id, user_id)
           SELECT DISTINCT ?::integer, user_id FROM group_users WHERE group_id = ANY(?::integer[])
           ON CONFLICT DO NOTHING RETURNING user_id`,
          [params.id, from],
        );
        const ids = inserted.rows.map((row) => row.user_id);
        if (ids.length) {
          const details = { user_ids: ids, fromGroupIDs: from };
          await deps.audit.record(trx, user, { action: 'group.member.add', targetType: 'group', targetId: params.id, targetName: group.name, details });
        }
        return ids;
      });
      await Promise.all(added.map((id) => deps.principals.invalidate(id)));
      return { group_id: params.id, user_ids: added };
    },
  );

  router.delete(
    '/api/groups/:id/users/:user_id',
    {
      access: { acl: 'Upload data', self: 'user_id' },
      summary: 'Remove a user from a group (group admins, or the user themself)',
      tags: ['groups'],
      params: z.object({ id: inputs.dbId, user_id: inputs.dbId }),
    },
    async ({ user, params }) => {
      const group = await visibleGroup(knex, user, params.id);
      if (!mayAdminister(user, params.id) && user.id !== params.user_id) throw forbidden('Only group admins may remove members');
      // 403, as SkyPortal answers: the route is allowed, this group's membership is fixed.
      if (group.single_user_group) throw forbidden('Cannot remove a user from their single user group.');
      if (group.id === deps.sitewideGroupId()) throw forbidden('Cannot remove a user from the sitewide group: every user is in it.');
      await knex.transaction(async (trx) => {
        const removed = await trx('group_users').where({ group_id: params.id, user_id: params.user_id }).delete();
        if (!removed) throw notFound(`User ${params.user_id} in group ${params.id}`);
        const details = { user_id: params.user_id };
        await deps.audit.record(trx, user, { action: 'group.member.remove', targetType: 'group', targetId: params.id, targetName: group.name, details });
      });
      await deps.principals.invalidate(params.user_id);
      return { group_id: params.id, user_id: params.user_id };
    },
  );
  router.post(
    '/api/groups/:id/streams',
    {
      access: { acl: 'Upload data' },
      summary: 'Give a group a stream (group admins; every member must hold it)',
      tags: ['groups', 'streams'],
      params: groupId,
      body: z.object({ stream_id: inputs.dbId }),
    },
    async ({ user, params, body }) => {
      const group = await administeredGroup(knex, user, params.id);
      // Every user is in the sitewide group: a stream there would bar every new account.
      if (group.id === deps.sitewideGroupId())
        throw badRequest('id: the sitewide group holds no streams (every user is in it); give the stream to users instead');
      const stream = await knex('streams').where({ id: body.stream_id }).first('id', 'name');
      if (!stream) throw badRequest(`stream_id: no stream ${body.stream_id}`);
      const lacking = await membersWithoutStream(knex, [params.id], body.stream_id);
      if (lacking.length)
        throw new ApiError(403, `stream_id: Not all users have stream access with ID ${body.stream_id} (${lacking.map((u) => u.username).join(', ')})`);
      await knex.transaction(async (trx) => {
        const [added] = await trx('group_streams')
          .insert({ group_id: params.id, stream_id: body.stream_id })
          .onConflict(['group_id', 'stream_id'])
          .ignore()
          .returning('stream_id');
        if (!added) throw badRequest('Specified stream is already associated with this group.');
        const details = { stream_id: body.stream_id, stream_name: stream.name };
        await deps.audit.record(trx, user, { action: 'group.stream.add', targetType: 'group', targetId: params.id, targetName: group.name, details });
      });
      return { group_id: params.id, stream_id: body.stream_id };
    },
  );

  router.delete(
    '/api/groups/:id/streams/:stream_id',
    {
      access: { acl: 'Upload data' },
      summary: 'Take a stream from a group (group admins; not while a filter of the group reads it)',
      tags: ['groups', 'streams'],
      params: z.object({ id: inputs.dbId, stream_id: inputs.dbId }),
    },
    async ({ user, params }) => {
      const group = await knex('groups').where({ id: params.id }).first('id', 'name');
      // SkyPortal's one answer for a pair that is missing, not the caller's, or still filtered.
      const refused = new ApiError(400, `No stream IDs with ID ${params.stream_id} accessible`);
      if (!group || !mayAdminister(user, params.id)) throw refused;
      await knex.transaction(async (trx) => {
        const removed = await trx('group_streams').where({ group_id: params.id, stream_id: params.stream_id }).delete();
        if (!removed) throw refused;
        // A plugin refuses while it needs the pair (a filter of the group on the stream): SkyPortal's 400 then.
        await deps.hooks.of(coreHooks.groupStreamRemoving).promise({ groupId: params.id, streamId: params.stream_id, trx });
        const details = { stream_id: params.stream_id };
        await deps.audit.record(trx, user, { action: 'group.stream.remove', targetType: 'group', targetId: params.id, targetName: group.name, details });
      });
      return { group_id: params.id, stream_id: params.stream_id };
    },
  );
}
