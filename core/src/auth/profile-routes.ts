import { z } from 'zod';
import type { Knex } from 'knex';
import type { PluginRouter } from '@skyportal/sdk';
import { badRequest, conflict, inputs } from '@skyportal/sdk';
import type { Principals } from './principals.js';
import { affiliations, describeUser } from './user-routes.js';

/** Preferences are settings, not storage: a bound on their JSON text. */
const MAX_PREFERENCES_BYTES = 64 * 1024;

/**
 * Changing one's own account is an action on it, as managing one's tokens is: from a signed-in
 * session (the profile page), or a token holding System admin. Any other token, whatever its ACLs,
 * cannot rename its owner or change their contact (a leaked read-only token must not take over the
 * account's identity). SkyPortal lets every token do it.
 */
const OWN_ACCOUNT = { account: 'session', orAcl: 'System admin' } as const;

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `changes` into `current`, key by key and into nested objects (as SkyPortal merges preferences). */
function mergePreferences(current: Record<string, Json>, changes: Record<string, Json>): Record<string, Json> {
  const merged: Record<string, Json> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? mergePreferences(merged[key], value) : value;
  }
  return merged;
}

/** Renames a user and the single-user group named after them, in one transaction; 409 naming `username` on a clash. */
async function rename(trx: Knex.Transaction, userId: number, from: string, to: string): Promise<void> {
  if (await trx('users').where({ username: to }).whereNot({ id: userId }).first('id')) throw conflict(`username: ${to} is taken`);
  const single = await trx('groups')
    .join('group_users', 'group_users.group_id', 'groups.id')
    .where({ 'groups.single_user_group': true, 'groups.name': from, 'group_users.user_id': userId })
    .first('groups.id');
  if (
    await trx('groups')
      .where({ name: to })
      .whereNot({ id: single?.id ?? -1 })
      .first('id')
  )
    throw conflict(`username: a group named ${to} exists`);
  await trx('users').where({ id: userId }).update({ username: to });
  if (single) await trx('groups').where({ id: single.id }).update({ name: to });
}

export function profileRoutes(router: PluginRouter, deps: { knex: Knex; principals: Principals }): void {
  const { knex, principals } = deps;

  router.get('/api/internal/profile', { access: 'authenticated', summary: "The caller's profile", tags: ['users'] }, async ({ user }) => {
    const [found, groups, settings, streams] = await Promise.all([
      describeUser(knex, user.id),
      knex('groups')
        .join('group_users', 'group_users.group_id', 'groups.id')
        .where('group_users.user_id', user.id)
        // can_save: whether the caller may save sources to it (a group admin may take that away).
        .select('groups.id', 'groups.name', 'groups.nickname', 'groups.single_user_group', 'group_users.admin', 'group_users.can_save')
        .orderBy('groups.name'),
      knex('users').where({ id: user.id }).first('preferences'),
      // The streams given to the caller (SkyPortal's profile lists these, not every stream an admin holds).
      knex('streams')
        .join('stream_users', 'stream_users.stream_id', 'streams.id')
        .where('stream_users.user_id', user.id)
        .select('streams.id', 'streams.name', 'streams.auto_join')
        .orderBy('streams.id'),
    ]);
    return {
      ...found,
      roles: [...user.roles],
      acls: [...user.acls].sort(),
      permissions: [...user.acls].sort(),
      preferences: settings?.preferences ?? {},
      groups,
      streams,
    };
  });

  router.patch(
    '/api/internal/profile',
    {
      access: OWN_ACCOUNT,
      summary: "Change the caller's own username, names, contact, affiliations or preferences",
      description: 'Preferences are merged key by key (nested objects too). A new username renames the single-user group with it.',
      tags: ['users'],
      body: z.object({
        username: inputs
          .identifier(100)
          .regex(/^[^/]+$/, 'no slashes')
          .optional(),
        first_name: inputs.textField({ kind: 'name', max: 200, min: 0 }).nullable().optional(),
        last_name: inputs.textField({ kind: 'name', max: 200, min: 0 }).nullable().optional(),
        // "" clears it, as SkyPortal's profile page sends.
        contact_email: z
          .union([z.literal(''), z.email().max(254)])
          .nullable()
          .optional(),
        affiliations: affiliations.optional(),
        preferences: z.record(inputs.text(100), z.unknown()).optional(),
      }),
    },
    async ({ user, body }) => {
      await knex.transaction(async (trx) => {
        const current = await trx('users').where({ id: user.id }).forUpdate().first('username', 'preferences');
        const { username, preferences, contact_email: email, ...names } = body;
        const changes: Record<string, unknown> = { ...names };
        if (email !== undefined) changes.contact_email = email || null;
        if (preferences) {
          const merged = JSON.stringify(mergePreferences(current.preferences ?? {}, preferences));
          if (Buffer.byteLength(merged) > MAX_PREFERENCES_BYTES) throw badRequest(`preferences: at most ${MAX_PREFERENCES_BYTES} bytes of JSON in all`);
          changes.preferences = merged;
        }
        if (Object.keys(changes).length) await trx('users').where({ id: user.id }).update(changes);
        if (username !== undefined && username !== current.username) await rename(trx, user.id, current.username, username);
      });
      await principals.invalidate(user.id);
      return { id: user.id };
    },
  );
}
