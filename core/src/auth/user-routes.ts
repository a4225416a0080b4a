import { z } from 'zod';
import type { Knex } from 'knex';
import type { PluginRouter, Principal } from '@skyportal/sdk';
import { badRequest, coreHooks, forbidden, hasAcl, inputs, notFound, pageQuery } from '@skyportal/sdk';
import type { HookStore } from '../plugins/hooks.js';
import type { Users } from './users.js';
import type { Principals } from './principals.js';
import { ROLES } from './acls.js';

interface Deps {
  knex: Knex;
  users: Users;
  principals: Principals;
  hooks: HookStore;
  knownAcls: () => string[];
}

const userId = z.object({ id: inputs.dbId });
/** First and last names: may be empty (SkyPortal clients send ""), never control characters. */
const personName = inputs.textField({ kind: 'name', max: 200, min: 0 }).nullable();

const userColumns = ['users.id', 'users.username', 'users.contact_email', 'users.first_name', 'users.last_name', 'users.created_at'];

export async function describeUser(knex: Knex, id: number) {
  const user = await knex('users')
    .where({ id })
    .first(...userColumns);
  if (!user) return undefined;
  const [roles, acls, single] = await Promise.all([
    knex('user_roles').where({ user_id: id }).pluck('role_id'),
    knex('user_acls').where({ user_id: id }).pluck('acl_id'),
    knex('groups')
      .join('group_users', 'group_users.group_id', 'groups.id')
      .where({ 'group_users.user_id': id, 'groups.single_user_group': true, 'groups.name': user.username })
      .first('groups.id', 'groups.name'),
  ]);
  return { ...user, roles, acls, single_user_group: single ?? null };
}

function mayReadUser(caller: Principal, id: number): boolean {
  return caller.id === id || hasAcl(caller, 'Manage users');
}

export function userRoutes(router: PluginRouter, deps: Deps): void {
  const { knex, users, principals } = deps;

  router.get('/api/user', { access: { acl: 'Manage users' }, summary: 'List users', tags: ['users'], query: pageQuery }, async ({ query }) => {
    const counted = await knex('users').count<{ count: string }[]>('* as count');
    const rows = await knex('users')
      .select(...userColumns)
      .orderBy('id')
      .limit(query.numPerPage)
      .offset((query.pageNumber - 1) * query.numPerPage);
    return { users: rows, totalMatches: Number(counted[0]?.count ?? 0), pageNumber: query.pageNumber, numPerPage: query.numPerPage };
  });

  router.get(
    '/api/user/:id',
    { access: 'authenticated', summary: 'One user, with roles and single-user group', tags: ['users'], params: userId },
    async ({ user, params }) => {
      if (!mayReadUser(user, params.id)) throw notFound(`User ${params.id}`);
      const found = await describeUser(knex, params.id);
      if (!found) throw notFound(`User ${params.id}`);
      return found;
    },
  );

  router.post(
    '/api/user',
    {
      access: { acl: 'Manage users' },
      summary: 'Create a user (with their single-user group and sitewide membership)',
      tags: ['users'],
      body: z.object({
        username: inputs.identifier(100).regex(/^[^/]+$/, 'no slashes'),
        contact_email: z.email().max(254).optional(),
        first_name: personName.optional(),
        last_name: personName.optional(),
        // Bounded: argon2 hashes every byte it is given.
        password: z.string().min(8).max(1024).optional(),
        roles: z
          .array(z.enum(ROLES as [string, ...string[]]))
          .max(ROLES.length)
          .optional(),
        groupIDs: inputs.dbIdArray(1000).optional(),
      }),
    },
    async ({ user, body }) => {
      if (body.roles?.includes('Super admin') && !user.isSystemAdmin) throw forbidden('Only system admins may create super admins');
      const created = await knex.transaction(async (trx) => {
        const result = await users.create(body, trx);
        if (body.groupIDs?.length) {
          const groups = await trx('groups').whereIn('id', body.groupIDs).where('single_user_group', false).pluck('id');
          const missing = body.groupIDs.filter((g) => !groups.includes(g));
          if (missing.length) throw badRequest(`groupIDs: no group(s) ${missing.join(', ')}`);
          const notAdmin = groups.filter((g) => !user.isSystemAdmin && !user.adminGroupIds.includes(g));
          if (notAdmin.length) throw forbidden(`groupIDs: not an admin of group(s) ${notAdmin.join(', ')}`);
          await trx('group_users')
            .insert(groups.map((group_id) => ({ group_id, user_id: result.id })))
            .onConflict()
            .ignore();
        }
        return result;
      });
      await users.announceCreated(created.id);
      return { id: created.id, single_user_group_id: created.singleUserGroupId };
    },
  );

  router.delete('/api/user/:id', { access: { acl: 'Manage users' }, summary: 'Delete a user', tags: ['users'], params: userId }, async ({ user, params }) => {
    if (params.id === user.id) throw badRequest('id: you cannot delete yourself');
    const target = await knex('users').where({ id: params.id }).first('username');
    if (!target) throw notFound(`User ${params.id}`);
    await knex.transaction(async (trx) => {
      // Plugins delete their rows of the user and of their single-user group in this transaction.
      const single = await trx('groups').where({ name: target.username, single_user_group: true }).first('id');
      if (single) await deps.hooks.of(coreHooks.groupDeleted).promise({ groupId: single.id, trx });
      await deps.hooks.of(coreHooks.userDeleted).promise({ userId: params.id, trx });
      if (single) await trx('groups').where({ id: single.id }).delete();
      await trx('users').where({ id: params.id }).delete();
    });
    await principals.invalidate(params.id);
    return { id: params.id };
  });

  router.post(
    '/api/user/:id/roles',
    {
      access: { acl: 'Manage users' },
      summary: 'Grant roles to a user',
      tags: ['users'],
      params: userId,
      body: z.object({ roleIds: z.array(z.enum(ROLES as [string, ...string[]])).min(1) }),
    },
    async ({ user, params, body }) => {
      if (body.roleIds.includes('Super admin') && !user.isSystemAdmin) throw forbidden('Only system admins may grant Super admin');
      if (!(await knex('users').where({ id: params.id }).first('id'))) throw notFound(`User ${params.id}`);
      await knex('user_roles')
        .insert(body.roleIds.map((role_id) => ({ user_id: params.id, role_id })))
        .onConflict()
        .ignore();
      await principals.invalidate(params.id);
      return { id: params.id };
    },
  );

  router.delete(
    '/api/user/:id/roles/:role',
    {
      access: { acl: 'Manage users' },
      summary: 'Take a role from a user',
      tags: ['users'],
      params: z.object({ id: inputs.dbId, role: z.enum(ROLES as [string, ...string[]]) }),
    },
    async ({ params }) => {
      await knex('user_roles').where({ user_id: params.id, role_id: params.role }).delete();
      await principals.invalidate(params.id);
      return { id: params.id };
    },
  );

  router.get('/api/roles', { access: 'authenticated', summary: 'Roles and the ACLs each grants', tags: ['users'] }, async () => {
    const rows = await knex('role_acls').select('role_id', 'acl_id').orderBy(['role_id', 'acl_id']);
    return ROLES.map((id) => ({ id, acls: rows.filter((r) => r.role_id === id).map((r) => r.acl_id) }));
  });

  router.get('/api/acls', { access: 'authenticated', summary: 'Every ACL of this site (core and plugins)', tags: ['users'] }, async () => deps.knownAcls());

  router.get('/api/internal/profile', { access: 'authenticated', summary: "The caller's profile", tags: ['users'] }, async ({ user }) => {
    const found = await describeUser(knex, user.id);
    const groups = await knex('groups')
      .join('group_users', 'group_users.group_id', 'groups.id')
      .where('group_users.user_id', user.id)
      .select('groups.id', 'groups.name', 'groups.nickname', 'groups.single_user_group', 'group_users.admin')
      .orderBy('groups.name');
    return { ...found, roles: [...user.roles], acls: [...user.acls].sort(), permissions: [...user.acls].sort(), groups };
  });
}
