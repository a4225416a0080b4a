/** Filters: reads scoped to the caller's groups, and who may change one. */
import { hasAcl, scopeToGroups, type Knex, type Principal } from '@skyportal/sdk';
import type { Filter } from '../types.js';

const COLUMNS = ['f.id', 'f.name', 'f.stream_id', 'f.group_id', 'f.altdata', 'f.conditions', 'f.autosave', 'f.created_at', 'f.modified'];

/** The filters the caller may see: those of their groups (all for system admins). */
export function visibleFilters(db: Knex, user: Principal): Knex.QueryBuilder {
  return scopeToGroups(db('filters as f'), user, { groupColumn: 'f.group_id' });
}

export async function listFilters(db: Knex, user: Principal): Promise<Filter[]> {
  return visibleFilters(db, user).orderBy('f.id').select(COLUMNS);
}

export async function readFilter(db: Knex, user: Principal, id: number): Promise<Filter | undefined> {
  return visibleFilters(db, user).where('f.id', id).first(COLUMNS);
}

/**
 * Changing or deleting a filter changes what a whole group scans: its group's admins may, and
 * those who administer every group (System admin, Manage groups), as in SkyPortal.
 */
export function administersFilter(user: Principal, filter: Pick<Filter, 'group_id'>): boolean {
  return user.adminGroupIds.includes(filter.group_id) || hasAcl(user, 'Manage groups') || hasAcl(user, 'Manage_users');
}
