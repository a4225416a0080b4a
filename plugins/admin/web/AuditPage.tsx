import { useState } from 'react';
import { FormError } from '@skyportal/sdk/web';
import { useAdminAuditQuery, type AuditQuery } from './api';
import { errorText, Pager, when } from './common';

const PER_PAGE = 50;
const ACTIONS = ['', 'user.', 'user.create', 'user.acl.', 'user.role.', 'user.disable', 'group.', 'group.member.', 'token.', 'invitation.'];

/** The audit log: who changed what, when; filtered by action, target and actor, newest first. */
export function AuditPage() {
  const [filters, setFilters] = useState({ action: '', targetType: '', targetId: '', actorId: '' });
  const [pageNumber, setPageNumber] = useState(1);
  const query: AuditQuery = { ...filters, pageNumber, numPerPage: PER_PAGE };
  const { data, error, isFetching } = useAdminAuditQuery(query);
  const set = (key: keyof typeof filters) => (event: { target: { value: string } }) => {
    setFilters({ ...filters, [key]: event.target.value });
    setPageNumber(1);
  };
  return (
    <section className="sp-card" aria-label="Audit log">
      <h2 className="sp-card__title">Audit log</h2>
      <form className="sp-form sp-form--inline" onSubmit={(event) => event.preventDefault()}>
        <label>
          Action
          <select value={filters.action} onChange={set('action')}>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action === '' ? 'any' : action.endsWith('.') ? `${action}*` : action}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target
          <select value={filters.targetType} onChange={set('targetType')}>
            <option value="">any</option>
            <option value="user">user</option>
            <option value="group">group</option>
            <option value="token">token</option>
            <option value="invitation">invitation</option>
          </select>
        </label>
        <label>
          Target id
          <input value={filters.targetId} onChange={set('targetId')} size={10} />
        </label>
        <label>
          Actor (user id)
          <input value={filters.actorId} onChange={set('actorId')} inputMode="numeric" size={6} />
        </label>
      </form>
      <FormError error={errorText(error)} />
      <table className="sp-table admin-audit" aria-busy={isFetching}>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {data?.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-entry">
              <td>{when(entry.at)}</td>
              <td>
                <span className="sp-mono">{entry.actor_username ?? 'system'}</span> <span className="sp-muted">({entry.via})</span>
              </td>
              <td className="sp-mono">{entry.action}</td>
              <td>
                {entry.target_type} <span className="sp-mono">{entry.target_name ?? entry.target_id}</span>
              </td>
              <td className="sp-mono admin-details">{JSON.stringify(entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data ? <Pager pageNumber={pageNumber} numPerPage={PER_PAGE} total={data.totalMatches} noun="entries" onPage={setPageNumber} /> : null}
    </section>
  );
}
