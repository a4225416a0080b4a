import type { Knex } from 'knex';
import type { AuditEntry, AuditFilter, AuditLog, AuditRecord, Principal } from '@skyportal/sdk';
import { withoutSecrets } from '../redact.js';

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Core's audit log (table `audit_log`). Entries are written on the caller's handle, which is the
 * change's transaction: an entry exists exactly when its change does.
 */
export class AuditTrail {
  constructor(private readonly knex: Knex) {}

  /** The log as a plugin (or core) sees it: what it records is labelled with its name. */
  forSource(source: string): AuditLog {
    return {
      record: (db, actor, entry) => this.record(db, source, actor, entry),
      list: (filter) => this.list(filter),
    };
  }

  async record(db: Knex, source: string, actor: Principal | null, entry: AuditEntry): Promise<void> {
    if (!ACTION.test(entry.action)) throw new Error(`audit: action "${entry.action}" is not <noun>.<verb>`);
    await db('audit_log').insert({
      actor_id: actor?.id ?? null,
      actor_username: actor?.username ?? null,
      via: actor?.via ?? 'system',
      source,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      target_name: entry.targetName ?? null,
      details: JSON.stringify(withoutSecrets(entry.details ?? {})),
    });
  }

  async list(filter: AuditFilter): Promise<{ entries: AuditRecord[]; totalMatches: number }> {
    const query = this.knex('audit_log');
    if (filter.actorId !== undefined) query.where('actor_id', filter.actorId);
    if (filter.action) {
      if (filter.action.endsWith('.')) query.whereLike('action', `${filter.action.replace(/[\\%_]/g, '\\$&')}%`);
      else query.where('action', filter.action);
    }
    if (filter.targetType) query.where('target_type', filter.targetType);
    if (filter.targetId) query.where('target_id', filter.targetId);
    if (filter.source) query.where('source', filter.source);
    if (filter.since) query.where('at', '>=', filter.since);
    if (filter.until) query.where('at', '<', filter.until);
    const [counted, rows] = await Promise.all([
      query.clone().count<{ count: string }[]>('* as count'),
      query
        .clone()
        .select('*')
        .orderBy('id', 'desc')
        .limit(filter.numPerPage)
        .offset((filter.pageNumber - 1) * filter.numPerPage),
    ]);
    const entries = rows.map((row) => ({ ...row, id: Number(row.id), at: new Date(row.at).toISOString() }));
    return { entries, totalMatches: Number(counted[0]?.count ?? 0) };
  }
}
