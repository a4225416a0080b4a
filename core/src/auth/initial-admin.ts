import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Users } from './users.js';
import { sha256 } from './secrets.js';

export interface InitialAdmin {
  username: string;
  /** Shown once when generated; undefined when it came from the config. */
  password?: string;
  token?: string;
}

/**
 * On the first start (no users yet) creates the super admin with a token: SKYPORTAL_ADMIN_TOKEN if
 * set (automation), otherwise a new one returned once for the CLI to print. Later starts with a
 * configured token make sure it still works, so automation survives a token rotation in config.
 */
export async function ensureInitialAdmin(knex: Knex, users: Users, config: Config): Promise<InitialAdmin | undefined> {
  const admin = config.auth.admin;
  const lock = 7_231_977; // any constant: two replicas starting together create one admin
  return knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [lock]);
    const anyUser = await trx('users').first('id');
    if (anyUser) {
      if (admin.token) {
        const owner = await trx('users').where({ username: admin.username }).first('id');
        const known = await trx('tokens')
          .where({ token_hash: sha256(admin.token) })
          .first('id');
        if (owner && !known) {
          const token = { userId: owner.id, createdById: owner.id, name: 'admin (from SKYPORTAL_ADMIN_TOKEN)', acls: await allAcls(trx), secret: admin.token };
          await users.createToken(token, trx);
        }
      }
      return undefined;
    }
    const password = admin.password ?? randomBytes(12).toString('base64url');
    const { id } = await users.create({ username: admin.username, contact_email: admin.email, password, roles: ['Super admin'] }, trx);
    const acls = await allAcls(trx);
    const token = await users.createToken({ userId: id, createdById: id, name: 'initial admin token', acls, secret: admin.token }, trx);
    return {
      username: admin.username,
      password: admin.password ? undefined : password,
      token: admin.token ? undefined : token.secret,
    };
  });
}

async function allAcls(trx: Knex): Promise<string[]> {
  return trx('acls').orderBy('id').pluck('id');
}
