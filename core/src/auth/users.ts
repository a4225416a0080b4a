import type { Knex } from 'knex';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { badRequest, conflict } from '@skyportal/sdk';
import { ROLES } from './acls.js';
import { newSecret, sha256 } from './secrets.js';
import { giveGroupStreams } from '../streams/rules.js';
import type { Principals } from './principals.js';

export interface NewUser {
  username: string;
  contact_email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  password?: string;
  oidc_identity?: string;
  roles?: string[];
  acls?: string[];
  affiliations?: string[];
  /** Groups to join beside the sitewide one; single-user groups and unknown ids are skipped. */
  groupIds?: number[];
}

/** Accounts, their groups and their tokens. */
export class Users {
  constructor(
    private readonly knex: Knex,
    private readonly principals: Principals,
    private readonly sitewideGroupId: () => number,
    /** Runs after a new user is committed (the `core.userCreated` hook). */
    private readonly onCreated: (userId: number) => Promise<void> = async () => undefined,
  ) {}

  /** For callers that created a user inside their own transaction, once it has committed. */
  announceCreated(userId: number): Promise<void> {
    return this.onCreated(userId);
  }

  /**
   * Creates the user, their single-user group (named after them) and their sitewide membership,
   * all or nothing. Inside a caller's transaction, the caller calls `announceCreated` after commit.
   */
  async create(input: NewUser, trx: Knex = this.knex): Promise<{ id: number; singleUserGroupId: number }> {
    const roles = input.roles ?? ['Full user'];
    const unknown = roles.filter((role) => !ROLES.includes(role));
    if (unknown.length) throw badRequest(`roles: unknown role(s) ${unknown.join(', ')}`);
    const run = async (tx: Knex) => {
      const taken = await tx('users').where({ username: input.username }).first('id');
      if (taken) throw conflict(`username: ${input.username} is taken`);
      const groupTaken = await tx('groups').where({ name: input.username }).first('id');
      if (groupTaken) throw conflict(`username: a group named ${input.username} exists`);
      const [user] = await tx('users')
        .insert({
          username: input.username,
          contact_email: input.contact_email ?? null,
          first_name: input.first_name ?? null,
          last_name: input.last_name ?? null,
          oidc_identity: input.oidc_identity ?? null,
          password_hash: input.password ? await argonHash(input.password) : null,
          affiliations: input.affiliations ?? [],
        })
        .returning('id');
      const [group] = await tx('groups').insert({ name: input.username, single_user_group: true, private: true }).returning('id');
      await tx('group_users').insert([
        { group_id: group.id, user_id: user.id, admin: true },
        { group_id: this.sitewideGroupId(), user_id: user.id, admin: false },
      ]);
      if (roles.length) await tx('user_roles').insert(roles.map((role_id) => ({ user_id: user.id, role_id })));
      if (input.acls?.length) {
        await tx('user_acls').insert(input.acls.map((acl_id) => ({ user_id: user.id, acl_id })));
      }
      if (input.groupIds?.length) {
        const groups: number[] = await tx('groups').whereIn('id', input.groupIds).where('single_user_group', false).pluck('id');
        if (groups.length) {
          await tx('group_users')
            .insert(groups.map((group_id) => ({ group_id, user_id: user.id })))
            .onConflict()
            .ignore();
        }
        await giveGroupStreams(tx, user.id, groups);
      }
      return { id: user.id as number, singleUserGroupId: group.id as number };
    };
    if (trx.isTransaction) return run(trx); // the caller announces it after its commit
    const created = await trx.transaction(run);
    await this.onCreated(created.id);
    return created;
  }

  /**
   * The user's id if the password is theirs. A missing user, or one without a password (OIDC
   * only), costs one argon2 verification too, against a dummy hash: the answer's timing must not
   * tell which usernames exist.
   */
  async verifyPassword(username: string, password: string): Promise<number | undefined> {
    const user = await this.knex('users').where({ username }).first('id', 'password_hash');
    const hash: string = user?.password_hash ?? (await this.dummyHash());
    const matches = await argonVerify(hash, password);
    return matches && user?.password_hash ? (user.id as number) : undefined;
  }

  private dummy: Promise<string> | undefined;

  /** A hash of a random secret, with the same parameters as real ones; made once per process. */
  private dummyHash(): Promise<string> {
    this.dummy ??= argonHash(newSecret());
    return this.dummy;
  }

  async setPassword(userId: number, password: string): Promise<void> {
    await this.knex('users')
      .where({ id: userId })
      .update({ password_hash: await argonHash(password) });
  }

  /** Creates a token; returns the secret, which is shown once and stored only as a hash. */
  async createToken(
    input: { userId: number; name: string; acls: string[]; createdById: number; secret?: string },
    db: Knex = this.knex,
  ): Promise<{ id: string; secret: string }> {
    const secret = input.secret ?? newSecret();
    const [row] = await db('tokens')
      .insert({
        token_hash: sha256(secret),
        name: input.name,
        user_id: input.userId,
        created_by_id: input.createdById,
        acls: input.acls,
      })
      .returning('id');
    return { id: row.id, secret };
  }

  /**
   * Deletes a token by id or by its secret; returns false if the caller has no such token.
   * `record` runs in the deleting transaction (the audit entry), with what the token was.
   */
  async revokeToken(
    idOrSecret: string,
    ownerId: number | null,
    record: (trx: Knex.Transaction, token: { id: string; name: string; user_id: number }) => Promise<void> = async () => undefined,
  ): Promise<boolean> {
    const uuid = /^[0-9a-f-]{36}$/i.test(idOrSecret);
    const row = await this.knex.transaction(async (trx) => {
      const query = trx('tokens').where((q) => {
        q.where({ token_hash: sha256(idOrSecret) });
        if (uuid) q.orWhere({ id: idOrSecret });
      });
      if (ownerId !== null) query.andWhere({ user_id: ownerId });
      const [deleted] = await query.delete().returning(['id', 'name', 'token_hash', 'user_id']);
      if (deleted) await record(trx, deleted);
      return deleted;
    });
    if (!row) return false;
    await this.principals.revokeToken(row.token_hash, row.user_id);
    return true;
  }
}
