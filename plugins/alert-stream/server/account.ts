/**
 * The account alerts are stored as: their points', thumbnails' and annotations' owner, their
 * candidates' uploader (as SkyPortal's Kowalski posts with a bot user's token). A super admin, so
 * it may write about objs no group holds yet; it has no password and no token, so no one signs
 * in or calls the API as it. Created at startup if missing.
 */
import type { Accounts, Knex, Principal, PrincipalLookup } from '@skyportal/sdk';

export function ingestAccount(db: Knex, accounts: Accounts, principals: PrincipalLookup, username: string): () => Promise<Principal> {
  let id: Promise<number> | undefined;
  const ensure = async (): Promise<number> => {
    const existing = await db('users').where({ username }).first('id');
    if (existing) return existing.id;
    const created = await db.transaction((trx) => accounts.create(trx, { username, roles: ['Super admin'], first_name: 'Alert', last_name: 'stream' }));
    await accounts.announceCreated(created.id);
    return created.id;
  };
  return async () => {
    id ??= ensure().catch((error) => {
      id = undefined;
      throw error;
    });
    const principal = await principals.principalFor(await id);
    if (!principal) throw new Error(`alert-stream: the account ${username} is gone`);
    return principal;
  };
}
