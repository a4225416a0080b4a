import { z } from 'zod';
import type { Knex } from 'knex';
import type { PluginRouter, Principal } from '@skyportal/sdk';
import { badRequest, conflict, coreHooks, forbidden, inputs, isUniqueViolation, notFound } from '@skyportal/sdk';
import type { Principals } from '../auth/principals.js';
import type { HookStore } from '../plugins/hooks.js';

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
  sitewideGroupId: () => number;
}

/** A group the caller belongs to (or any, for system admins); 404 otherwise. */
async function visibleGroup(knex: Knex, user: Principal, id: number) {
  const group = await knex('groups').where({ id }).first();
  if (!group || (!user.isSystemAdmin && !user.groupIds.includes(id))) throw notFound(`Group ${id}`);
  return group;
}

function mayAdminister(user: Principal, id: number): boolean {
  return user.isSystemAdmin || user.adminGroupIds.includes(id);
}

export function groupRoutes(router: PluginRouter, deps: Deps): void {
  const { knex } = deps;

  router.get(
    '/api/groups',
    {
      access: 'authenticated',
      summary: "List the caller's groups and the groups they may see",
      tags: ['groups'],
      query: z.object({ includeSingleUserGroups: z.enum(['true', 'false']).optional() }),
    },
    async ({ user, query }) => {
      const columns = ['groups.id', 'groups.name', 'groups.nickname', 'groups.description', 'groups.private', 'groups.single_user_group', 'groups.created_at'];
      const mine = await knex('groups')
        .join('group_users', 'group_users.group_id', 'groups.id')
        .where('group_users.user_id', user.id)
        .select(...columns, 'group_users.admin')
        .orderBy('groups.name');
      const all = knex('groups')
        .select(...columns)
        .orderBy('groups.name');
      if (query.includeSingleUserGroups !== 'true') all.where('groups.single_user_group', false);
      if (!user.isSystemAdmin) all.where((q) => q.where('groups.private', false).orWhereIn('groups.id', [...user.groupIds]));
      const userGroups = mine.filter((g) => query.includeSingleUserGroups === 'true' || !g.single_user_group);
      return { user_groups: userGroups, user_accessible_groups: userGroups, all_groups: await all };
    },
  );

  router.get('/api/groups/public', { access: 'authenticated', summary: 'The sitewide group, which every user belongs to', tags: ['groups'] }, async () =>
    knex('groups').where({ id: deps.sitewideGroupId() }).first('id', 'name', 'nickname', 'description', 'private', 'single_user_group'),
  );

  router.post(
    '/api/groups',
    {
      access: { acl: 'Manage groups' },
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
        return group.id as number;
      });
      await deps.principals.invalidate();
      return { id };
    },
  );

  router.get(
    '/api/groups/:id',
    { access: 'authenticated', summary: 'A group with its members', tags: ['groups'], params: groupId },
    async ({ user, params }) => {
      const group = await visibleGroup(knex, user, params.id);
      const users = await knex('group_users')
        .join('users', 'users.id', 'group_users.user_id')
        .where('group_users.group_id', params.id)
        .select('users.id', 'users.username', 'users.first_name', 'users.last_name', 'group_users.admin', 'group_users.can_save')
        .orderBy('users.username');
      return { ...group, users };
    },
  );

  router.patch(
    '/api/groups/:id',
    {
      access: { acl: 'Upload data' },
      summary: 'Rename or describe a group (group admins)',
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
        if (Object.keys(body).length) await knex('groups').where({ id: params.id }).update(body);
      } catch (error) {
        // A rename racing another: the constraint names the field.
        if (isUniqueViolation(error))
          throw conflict(`${/nickname/.test(String((error as { constraint?: string }).constraint)) ? 'nickname' : 'name'}: taken by another group`);
        throw error;
      }
      return { id: params.id };
    },
  );

  router.delete(
    '/api/groups/:id',
    { access: { acl: 'Manage groups' }, summary: 'Delete a group (its admins holding Manage groups)', tags: ['groups'], params: groupId },
    async ({ user, params }) => {
      const group = await visibleGroup(knex, user, params.id);
      if (!mayAdminister(user, params.id)) throw forbidden('Only group admins may delete a group');
      if (group.single_user_group || group.id === deps.sitewideGroupId()) {
        throw badRequest('id: the sitewide group and single-user groups cannot be deleted');
      }
      // Plugins delete their rows of the group in the same transaction (they put no triggers on core's tables).
      await knex.transaction(async (trx) => {
        await deps.hooks.of(coreHooks.groupDeleted).promise({ groupId: params.id, trx });
        await trx('groups').where({ id: params.id }).delete();
      });
      await deps.principals.invalidate();
      return { id: params.id };
    },
  );

  router.post(
    '/api/groups/:id/users',
    {
      access: { acl: 'Upload data' },
      summary: 'Add a user to a group, or change their admin flag (group admins)',
      tags: ['groups'],
      params: groupId,
      body: z.object({ userID: inputs.dbId, admin: z.boolean().default(false), canSave: z.boolean().default(true) }),
    },
    async ({ user, params, body }) => {
      const group = await visibleGroup(knex, user, params.id);
      if (!mayAdminister(user, params.id)) throw forbidden('Only group admins may add members');
      if (group.single_user_group) throw badRequest('id: single-user groups have one member');
      const target = await knex('users').where({ id: body.userID }).first('id');
      if (!target) throw notFound(`User ${body.userID}`);
      await knex('group_users')
        .insert({ group_id: params.id, user_id: body.userID, admin: body.admin, can_save: body.canSave })
        .onConflict(['group_id', 'user_id'])
        .merge(['admin', 'can_save']);
      await deps.principals.invalidate(body.userID);
      return { group_id: params.id, user_id: body.userID, admin: body.admin };
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
      if (group.single_user_group || group.id === deps.sitewideGroupId()) {
        throw badRequest('id: members cannot leave the sitewide group or a single-user group');
      }
      const removed = await knex('group_users').where({ group_id: params.id, user_id: params.user_id }).delete();
      if (!removed) throw notFound(`User ${params.user_id} in group ${params.id}`);
      await deps.principals.invalidate(params.user_id);
      return { group_id: params.id, user_id: params.user_id };
    },
  );
}
