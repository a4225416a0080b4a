import { z } from 'zod';
import type { Knex } from 'knex';
import type { AuditLog, PluginRouter, Principal } from '@skyportal/sdk';
import { badRequest, compat, coreHooks, forbidden, hasAcl, inputs, pageQuery } from '@skyportal/sdk';
import type { HookStore } from '../plugins/hooks.js';
import type { Users } from './users.js';
import type { Principals } from './principals.js';
import { giveGroupStreams } from '../streams/rules.js';
import { ROLES } from './acls.js';

interface Deps {
  knex: Knex;
  users: Users;
  principals: Principals;
  hooks: HookStore;
  audit: AuditLog;
  knownAcls: () => string[];
}

const userId = z.object({ id: inputs.dbId });
/** First and last names: may be empty (SkyPortal clients send ""), never control characters. */
const personName = inputs.textField({ kind: 'name', max: 200, min: 0 }).nullable();

const userColumns = [
  'users.id',
  'users.username',
  'users.contact_email',
  'users.first_name',
  'users.last_name',
  'users.created_at',
  'users.disabled_at',
  'user_activity.last_activity_at',
];

/** Users with their last activity (a table of its own: activity never rewrites `users`). */
const withActivity = (knex: Knex) => knex('users').leftJoin('user_activity', 'user_activity.user_id', 'users.id');
const detailColumns = [...userColumns, 'users.affiliations', 'users.expiration_date'];

/** Affiliations: a short list of institutions. */
export const affiliations = z.array(inputs.name(200)).max(20);
/** An expiry date: ISO 8601 (UTC unless a zone is given); null or "" clears it. */
const expirationDate = z.preprocess((value) => (value === '' ? null : value), inputs.isoDate().nullable());

/** SkyPortal's answer for a user that does not exist, or that the caller may not see. */
const missingUser = (id: number) => compat.cannotFind(`user with ID ${id}.`);

export async function describeUser(knex: Knex, id: number) {
  const user = await withActivity(knex)
    .where({ 'users.id': id })
    .first(...detailColumns);
  if (!user) return undefined;
  const [roles, acls, single] = await Promise.all([
    knex('user_roles').where({ user_id: id }).pluck('role_id'),
    knex('user_acls').where({ user_id: id }).pluck('acl_id'),
    knex('groups')
      .join('group_users', 'group_users.group_id', 'groups.id')
      .where({ 'group_users.user_id': id, 'groups.single_user_group': true, 'groups.name': user.username })
      .first('groups.id', 'groups.name'),
  ]);
  return { ...user, roles: roles.sort(), acls: acls.sort(), single_user_group: single ?? null };
}

function mayReadUser(caller: Principal, id: number): boolean {
  return caller.id === id || hasAcl(caller, 'Manage users');
}

/**
 * A change to an account that holds `System admin` (its roles, ACLs, expiry, or deleting it) is for
 * system admins only: `Manage users` must not lock out or demote the site's administrators.
 */
async function guardSystemAdmin(principals: Principals, caller: Principal, targetId: number): Promise<void> {
  if (caller.isSystemAdmin) return;
  const facts = await principals.facts(targetId);
  if (facts?.acls.has('System admin')) throw forbidden('Only system admins may change a system admin');
}

/** A user by id, or SkyPortal's 400. */
async function existingUser(knex: Knex, id: number): Promise<{ id: number; username: string }> {
  const found = await knex('users').where({ id }).first('id', 'username');
  if (!found) throw missingUser(id);
  return found;
}

export function userRoutes(router: PluginRouter, deps: Deps): void {
  const { knex, users, principals } = deps;

  router.get(
    '/api/user',
    {
      access: { acl: 'Manage users' },
      summary: 'List users, with their roles and directly granted ACLs',
      tags: ['users'],
      query: pageQuery.extend({
        search: inputs.text(200).optional().describe('A part of the username, names or email (any case)'),
      }),
    },
    async ({ query }) => {
      const matching = withActivity(knex);
      if (query.search) {
        const pattern = `%${query.search.replace(/[\\%_]/g, '\\$&')}%`;
        matching.where((q) =>
          q
            .whereILike('users.username', pattern)
            .orWhereILike('users.first_name', pattern)
            .orWhereILike('users.last_name', pattern)
            .orWhereILike('users.contact_email', pattern),
        );
      }
      const counted = await matching.clone().count<{ count: string }[]>('* as count');
      const rows = await matching
        .clone()
        .select(...userColumns)
        .orderBy('users.id')
        .limit(query.numPerPage)
        .offset((query.pageNumber - 1) * query.numPerPage);
      const ids = rows.map((row) => row.id);
      const [roles, acls] = await Promise.all([
        knex('user_roles').whereIn('user_id', ids).select('user_id', 'role_id').orderBy('role_id'),
        knex('user_acls').whereIn('user_id', ids).select('user_id', 'acl_id').orderBy('acl_id'),
      ]);
      const users = rows.map((row) => ({
        ...row,
        roles: roles.filter((r) => r.user_id === row.id).map((r) => r.role_id),
        acls: acls.filter((a) => a.user_id === row.id).map((a) => a.acl_id),
      }));
      return { users, totalMatches: Number(counted[0]?.count ?? 0), pageNumber: query.pageNumber, numPerPage: query.numPerPage };
    },
  );

  router.get(
    '/api/user/:id',
    { access: 'authenticated', summary: 'One user, with roles and single-user group', tags: ['users'], params: userId },
    async ({ user, params }) => {
      // Someone else's account reads, for those without Manage users, as a missing one.
      if (!mayReadUser(user, params.id)) throw missingUser(params.id);
      const found = await describeUser(knex, params.id);
      if (!found) throw missingUser(params.id);
      const facts = await principals.facts(params.id);
      return { ...found, permissions: [...(facts?.acls ?? [])].sort() };
    },
  );

  router.patch(
    '/api/user/:id',
    {
      access: { acl: 'Manage users' },
      summary: "Change a user's names, contact, affiliations, expiry date (expirationDate), or disable them",
      description:
        'Other fields (id, username, identities) are not changed here. A system admin is changed by system admins only. A disabled account signs in no more and its tokens and sockets stop working, until enabled again.',
      tags: ['users'],
      params: userId,
      body: z.object({
        first_name: personName.optional(),
        last_name: personName.optional(),
        contact_email: z.email().max(254).nullable().optional(),
        affiliations: affiliations.optional(),
        expirationDate: expirationDate.optional(),
        disabled: z.boolean().optional(),
      }),
    },
    async ({ user, params, body }) => {
      const target = await existingUser(knex, params.id);
      await guardSystemAdmin(principals, user, params.id);
      if (body.disabled && params.id === user.id) throw badRequest('disabled: you cannot disable yourself');
      const { expirationDate: expires, disabled, ...names } = body;
      const changes = {
        ...names,
        ...(expires === undefined ? {} : { expiration_date: expires }),
        ...(disabled === undefined ? {} : { disabled_at: disabled ? new Date() : null }),
      };
      if (Object.keys(changes).length) {
        await knex.transaction(async (trx) => {
          await trx('users').where({ id: params.id }).update(changes);
          const action = disabled === undefined ? 'user.update' : disabled ? 'user.disable' : 'user.enable';
          const details = { fields: Object.keys(body).filter((key) => key !== 'disabled') };
          await deps.audit.record(trx, user, { action, targetType: 'user', targetId: params.id, targetName: target.username, details });
        });
      }
      await principals.invalidate(params.id);
      return { id: params.id };
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
        affiliations: affiliations.optional(),
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
          await giveGroupStreams(trx, result.id, groups);
        }
        await deps.audit.record(trx, user, {
          action: 'user.create',
          targetType: 'user',
          targetId: result.id,
          targetName: body.username,
          details: { roles: body.roles ?? ['Full user'], groupIDs: body.groupIDs ?? [], password_set: Boolean(body.password) },
        });
        return result;
      });
      await users.announceCreated(created.id);
      return { id: created.id, single_user_group_id: created.singleUserGroupId };
    },
  );

  router.delete('/api/user/:id', { access: { acl: 'Manage users' }, summary: 'Delete a user', tags: ['users'], params: userId }, async ({ user, params }) => {
    if (params.id === user.id) throw badRequest('id: you cannot delete yourself');
    const target = await existingUser(knex, params.id);
    await guardSystemAdmin(principals, user, params.id);
    await knex.transaction(async (trx) => {
      // Plugins delete their rows of the user and of their single-user group in this transaction.
      const single = await trx('groups').where({ name: target.username, single_user_group: true }).first('id');
      if (single) await deps.hooks.of(coreHooks.groupDeleted).promise({ groupId: single.id, trx });
      await deps.hooks.of(coreHooks.userDeleted).promise({ userId: params.id, trx });
      if (single) await trx('groups').where({ id: single.id }).delete();
      await trx('users').where({ id: params.id }).delete();
      await deps.audit.record(trx, user, { action: 'user.delete', targetType: 'user', targetId: params.id, targetName: target.username });
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
      body: z.object({ roleIds: z.array(inputs.text(100)).min(1).max(ROLES.length) }),
    },
    async ({ user, params, body }) => {
      const unknown = body.roleIds.filter((role) => !ROLES.includes(role));
      if (unknown.length) throw badRequest(`roleIds: Invalid role_id(s): ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`);
      if (body.roleIds.includes('Super admin') && !user.isSystemAdmin) throw forbidden('Only system admins may grant Super admin');
      const target = await existingUser(knex, params.id);
      await knex.transaction(async (trx) => {
        const added = await trx('user_roles')
          .insert(body.roleIds.map((role_id) => ({ user_id: params.id, role_id })))
          .onConflict()
          .ignore()
          .returning('role_id');
        if (added.length) {
          const details = { roles: added.map((row) => row.role_id) };
          await deps.audit.record(trx, user, { action: 'user.role.grant', targetType: 'user', targetId: params.id, targetName: target.username, details });
        }
      });
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
      params: z.object({ id: inputs.dbId, role: inputs.text(100) }),
    },
    async ({ user, params }) => {
      const target = await existingUser(knex, params.id);
      await guardSystemAdmin(principals, user, params.id);
      await knex.transaction(async (trx) => {
        const removed = await trx('user_roles').where({ user_id: params.id, role_id: params.role }).delete();
        if (!removed) throw badRequest(`role: User does not have specified role (${params.role}).`);
        const details = { roles: [params.role] };
        await deps.audit.record(trx, user, { action: 'user.role.revoke', targetType: 'user', targetId: params.id, targetName: target.username, details });
      });
      await principals.invalidate(params.id);
      return { id: params.id };
    },
  );

  router.post(
    '/api/user/:id/acls',
    {
      access: { acl: 'Manage users' },
      summary: 'Grant ACLs to a user directly (beside their roles)',
      tags: ['users'],
      params: userId,
      body: z.object({ aclIds: z.array(inputs.text(100)).min(1).max(200) }),
    },
    async ({ user, params, body }) => {
      const known = new Set(deps.knownAcls());
      const unknown = body.aclIds.filter((acl) => !known.has(acl));
      if (unknown.length) throw badRequest(`aclIds: Invalid ACL id(s): ${unknown.join(', ')} (GET /api/acls lists them)`);
      if (body.aclIds.includes('System admin') && !user.isSystemAdmin) throw forbidden('Only system admins may grant System admin');
      const target = await existingUser(knex, params.id);
      await knex.transaction(async (trx) => {
        const added = await trx('user_acls')
          .insert([...new Set(body.aclIds)].map((acl_id) => ({ user_id: params.id, acl_id })))
          .onConflict()
          .ignore()
          .returning('acl_id');
        if (added.length) {
          const details = { acls: added.map((row) => row.acl_id) };
          await deps.audit.record(trx, user, { action: 'user.acl.grant', targetType: 'user', targetId: params.id, targetName: target.username, details });
        }
      });
      await principals.invalidate(params.id);
      return { id: params.id };
    },
  );

  router.delete(
    '/api/user/:id/acls/:acl',
    {
      access: { acl: 'Manage users' },
      summary: "Take a directly granted ACL from a user (their roles' ACLs stay)",
      tags: ['users'],
      params: z.object({ id: inputs.dbId, acl: inputs.text(100) }),
    },
    async ({ user, params }) => {
      const target = await existingUser(knex, params.id);
      await guardSystemAdmin(principals, user, params.id);
      await knex.transaction(async (trx) => {
        const removed = await trx('user_acls').where({ user_id: params.id, acl_id: params.acl }).delete();
        if (!removed) throw badRequest(`acl: User does not have the ACL ${params.acl} granted directly.`);
        const details = { acls: [params.acl] };
        await deps.audit.record(trx, user, { action: 'user.acl.revoke', targetType: 'user', targetId: params.id, targetName: target.username, details });
      });
      await principals.invalidate(params.id);
      return { id: params.id };
    },
  );

  router.get('/api/roles', { access: 'authenticated', summary: 'Roles and the ACLs each grants', tags: ['users'] }, async () => {
    const rows = await knex('role_acls').select('role_id', 'acl_id').orderBy(['role_id', 'acl_id']);
    return ROLES.map((id) => ({ id, acls: rows.filter((r) => r.role_id === id).map((r) => r.acl_id) }));
  });

  router.get('/api/acls', { access: 'authenticated', summary: 'Every ACL of this site (core and plugins)', tags: ['users'] }, async () => deps.knownAcls());
}
