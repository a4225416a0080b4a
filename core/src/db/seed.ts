import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { CORE_ACLS, ROLE_ACLS } from '../auth/acls.js';

/** Makes sure every ACL and role exists, and that Super admin holds every ACL (plugins' too). */
export async function seedRolesAndAcls(knex: Knex, pluginAcls: string[]): Promise<string[]> {
  const acls = [...new Set([...CORE_ACLS, ...pluginAcls])];
  await knex('acls')
    .insert(acls.map((id) => ({ id })))
    .onConflict('id')
    .ignore();
  await knex('roles')
    .insert(Object.keys(ROLE_ACLS).map((id) => ({ id })))
    .onConflict('id')
    .ignore();
  const pairs = Object.entries(ROLE_ACLS).flatMap(([role, list]) => (role === 'Super admin' ? acls : list).map((acl) => ({ role_id: role, acl_id: acl })));
  await knex('role_acls').insert(pairs).onConflict(['role_id', 'acl_id']).ignore();
  return acls;
}

export async function ensureSitewideGroup(knex: Knex, name: string): Promise<number> {
  const existing = await knex('groups').where({ name }).first('id');
  if (existing) return existing.id;
  const [row] = await knex('groups')
    .insert({ name, nickname: 'sitewide', description: 'Everything every user may see' })
    .onConflict('name')
    .ignore()
    .returning('id');
  return row?.id ?? (await knex('groups').where({ name }).first('id')).id;
}

/** Cookie signing keys shared by every replica: from config, else generated once into the database. */
export async function cookieKeys(knex: Knex, configured: string[] | undefined): Promise<string[]> {
  if (configured?.length) return configured;
  await knex('app_settings')
    .insert({ key: 'cookie_keys', value: JSON.stringify([randomBytes(32).toString('base64url')]) })
    .onConflict('key')
    .ignore();
  const row = await knex('app_settings').where({ key: 'cookie_keys' }).first('value');
  return row.value as string[];
}
