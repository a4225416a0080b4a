/**
 * Who may see an obj, for other plugins' data about it (photometry, thumbnails, comments, its live
 * channel): a saving to one of the caller's groups, or any reason another plugin grants (a
 * candidate of a filter of the caller's groups). The sources list and the source routes stay with
 * savings alone: a candidate is not a source until someone saves it.
 */
import type { Knex, Principal } from '@skyportal/sdk';
import type { ObjVisibilityGrant } from '../types.js';
import { visibleSavings } from './store.js';

export class ObjVisibility {
  private readonly grants: ObjVisibilityGrant[] = [];

  constructor(private readonly db: Knex) {}

  grant(grant: ObjVisibilityGrant): void {
    this.grants.push(grant);
  }

  /** Keeps the rows of `query` whose obj (`objIdColumn`) the caller may see. */
  scope<Q extends Knex.QueryBuilder>(query: Q, user: Principal, objIdColumn: string): Q {
    const { db, grants } = this;
    // System admins see every obj, saved or not (an alert's obj before anyone saves it), as SkyPortal's admins read every Obj.
    if (user.isSystemAdmin) return query;
    query.where((inner) => {
      inner.whereExists(visibleSavings(db, user, objIdColumn).select(db.raw('1')));
      for (const grant of grants) inner.orWhereExists(grant(db, user, objIdColumn));
    });
    return query;
  }

  /** The subset of `objIds` the caller may see. */
  async ids(user: Principal, objIds: readonly string[], db: Knex = this.db): Promise<Set<string>> {
    if (!objIds.length) return new Set();
    const ids: string[] = await this.scope(db('objs as ov').whereIn('ov.id', [...new Set(objIds)]), user, 'ov.id').pluck('ov.id');
    return new Set(ids);
  }
}
