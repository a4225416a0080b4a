import { ApiError, badRequest, resolveWritableGroups, type Knex, type Principal } from '@skyportal/sdk';

/**
 * The groups a taxonomy or classification is shared with: each one of the caller's and existing
 * (`resolveWritableGroups`). Bad input is a 400 naming the field here, as SkyPortal answers a
 * classification for groups one is not in.
 */
export async function writableGroups(db: Knex, user: Principal, requested: readonly number[], field = 'group_ids'): Promise<number[]> {
  try {
    return await resolveWritableGroups(db, user, requested, field);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) throw badRequest(error.message);
    throw error;
  }
}
