import { useState, type FormEvent } from 'react';
import { FormError } from '@skyportal/sdk/web';
import {
  useAdminAddMemberMutation,
  useAdminGroupQuery,
  useAdminGroupsQuery,
  useAdminRemoveMemberMutation,
  useAdminSetMemberAdminMutation,
  useAdminUsersQuery,
} from './api';
import { errorText } from './common';

/** Groups: members and group admins, added and removed through core's group routes. */
export function GroupsPage() {
  const { data, error } = useAdminGroupsQuery();
  const [selected, setSelected] = useState<number | null>(null);
  const groups = data?.all_groups ?? [];
  return (
    <div className="admin-page admin-groups">
      <section className="sp-card" aria-label="Groups">
        <h2 className="sp-card__title">Groups</h2>
        <FormError error={errorText(error)} />
        <ul className="admin-list">
          {groups.map((group) => (
            <li key={group.id}>
              <button
                type="button"
                className={`sp-button sp-button--quiet${selected === group.id ? ' admin-selected' : ''}`}
                onClick={() => setSelected(group.id)}
              >
                {group.name}
              </button>
              {group.private ? <span className="sp-chip">private</span> : null}
            </li>
          ))}
        </ul>
      </section>
      {selected ? <GroupMembers groupId={selected} /> : <p className="sp-muted">Choose a group to see its members.</p>}
    </div>
  );
}

function GroupMembers({ groupId }: { groupId: number }) {
  const { data: group, error } = useAdminGroupQuery(groupId);
  const [setAdmin, settingAdmin] = useAdminSetMemberAdminMutation();
  const [remove, removing] = useAdminRemoveMemberMutation();
  return (
    <section className="sp-card" aria-label={`Members of ${group?.name ?? 'the group'}`}>
      <h2 className="sp-card__title">Members of {group?.name}</h2>
      <FormError error={errorText(error ?? settingAdmin.error ?? removing.error)} />
      <table className="sp-table">
        <thead>
          <tr>
            <th>Username</th>
            <th>Name</th>
            <th>Group admin</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {group?.users.map((member) => (
            <tr key={member.id} data-testid={`member-${member.username}`}>
              <td className="sp-mono">{member.username}</td>
              <td>{[member.first_name, member.last_name].filter(Boolean).join(' ')}</td>
              <td>
                <label className="sp-check">
                  <input type="checkbox" checked={member.admin} onChange={(event) => setAdmin({ groupId, userID: member.id, admin: event.target.checked })} />{' '}
                  admin
                </label>
              </td>
              <td>
                <button type="button" className="sp-button sp-button--quiet" onClick={() => remove({ groupId, userId: member.id })}>
                  Remove {member.username}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddMember groupId={groupId} memberIds={new Set(group?.users.map((u) => u.id) ?? [])} />
      {/* Streams (which alert streams a group receives) come with a later issue: their list goes here. */}
      <p className="sp-muted">Streams: none yet (streams come with a later release).</p>
    </section>
  );
}

function AddMember({ groupId, memberIds }: { groupId: number; memberIds: Set<number> }) {
  const [search, setSearch] = useState('');
  const [admin, setAdminFlag] = useState(false);
  const { data } = useAdminUsersQuery({ search, pageNumber: 1, numPerPage: 10 }, { skip: search.trim().length < 2 });
  const [add, adding] = useAdminAddMemberMutation();
  const candidates = (data?.users ?? []).filter((user) => !memberIds.has(user.id));
  return (
    <form className="sp-form sp-form--inline" onSubmit={(event: FormEvent) => event.preventDefault()}>
      <label>
        Add a member (search users)
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </label>
      <label className="sp-check">
        <input type="checkbox" checked={admin} onChange={(event) => setAdminFlag(event.target.checked)} /> as group admin
      </label>
      {candidates.map((user) => (
        <button key={user.id} type="button" className="sp-button sp-button--secondary" onClick={() => add({ groupId, userID: user.id, admin })}>
          Add {user.username}
        </button>
      ))}
      <FormError error={errorText(adding.error)} />
    </form>
  );
}
