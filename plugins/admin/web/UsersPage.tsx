import { useState, type FormEvent } from 'react';
import { FormError, useProfile } from '@skyportal/sdk/web';
import {
  useAdminAclsQuery,
  useAdminCreateUserMutation,
  useAdminGrantAclMutation,
  useAdminGrantRoleMutation,
  useAdminRevokeAclMutation,
  useAdminRevokeRoleMutation,
  useAdminRolesQuery,
  useAdminSetDisabledMutation,
  useAdminUsersQuery,
  type AdminUser,
} from './api';
import { errorText, Pager, when } from './common';
import { InvitationsCard } from './Invitations';

const PER_PAGE = 25;

/** Users: search and page through accounts; create one; grant and revoke ACLs; disable and enable. */
export function UsersPage() {
  const [search, setSearch] = useState('');
  const [pageNumber, setPageNumber] = useState(1);
  const { data, error, isFetching } = useAdminUsersQuery({ search, pageNumber, numPerPage: PER_PAGE });
  return (
    <div className="admin-page">
      <CreateUserCard />
      <InvitationsCard />
      <section className="sp-card" aria-label="Users">
        <h2 className="sp-card__title">Users</h2>
        <form className="sp-form sp-form--inline" role="search" onSubmit={(event) => event.preventDefault()}>
          <label>
            Search
            <input
              type="search"
              value={search}
              placeholder="username, name or email"
              onChange={(event) => {
                setSearch(event.target.value);
                setPageNumber(1);
              }}
            />
          </label>
        </form>
        <FormError error={errorText(error)} />
        <table className="sp-table admin-users" aria-busy={isFetching}>
          <thead>
            <tr>
              <th>Username</th>
              <th>Name</th>
              <th>Roles</th>
              <th>ACLs granted directly</th>
              <th>Last activity</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data?.users.map((user) => (
              <UserRow key={user.id} user={user} />
            ))}
          </tbody>
        </table>
        {data ? <Pager pageNumber={pageNumber} numPerPage={PER_PAGE} total={data.totalMatches} noun="users" onPage={setPageNumber} /> : null}
      </section>
    </div>
  );
}

function UserRow({ user }: { user: AdminUser }) {
  const profile = useProfile();
  const { data: acls = [] } = useAdminAclsQuery();
  const [grant, granting] = useAdminGrantAclMutation();
  const [revoke, revoking] = useAdminRevokeAclMutation();
  const [setDisabled, toggling] = useAdminSetDisabledMutation();
  const [chosen, setChosen] = useState('');
  const failure = errorText(granting.error ?? revoking.error ?? toggling.error);
  const { data: roles = [] } = useAdminRolesQuery();
  const [grantRole, grantingRole] = useAdminGrantRoleMutation();
  const [revokeRole, revokingRole] = useAdminRevokeRoleMutation();
  const [role, setRole] = useState('');
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return (
    <tr data-testid={`admin-user-${user.username}`}>
      <td className="sp-mono">{user.username}</td>
      <td>{name || <span className="sp-muted">—</span>}</td>
      <td>
        <span className="sp-chips">
          {user.roles.map((held) => (
            <span key={held} className="sp-chip">
              {held}{' '}
              <button
                type="button"
                className="admin-chip-x"
                aria-label={`Take role ${held} from ${user.username}`}
                onClick={() => revokeRole({ id: user.id, role: held })}
              >
                ×
              </button>
            </span>
          ))}
        </span>
        <form
          className="admin-inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (role) grantRole({ id: user.id, role }).then(() => setRole(''));
          }}
        >
          <select aria-label={`Role to give ${user.username}`} value={role} onChange={(event) => setRole(event.target.value)}>
            <option value="">Give role…</option>
            {roles
              .filter((candidate) => !user.roles.includes(candidate.id))
              .map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.id}
                </option>
              ))}
          </select>
          <button type="submit" className="sp-button sp-button--secondary" disabled={!role}>
            Give
          </button>
        </form>
        <FormError error={errorText(grantingRole.error ?? revokingRole.error)} />
      </td>
      <td>
        <span className="sp-chips">
          {user.acls.map((acl) => (
            <span key={acl} className="sp-chip sp-chip--accent">
              {acl}{' '}
              <button type="button" className="admin-chip-x" aria-label={`Revoke ${acl} from ${user.username}`} onClick={() => revoke({ id: user.id, acl })}>
                ×
              </button>
            </span>
          ))}
        </span>
        <form
          className="admin-inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen) grant({ id: user.id, acl: chosen }).then(() => setChosen(''));
          }}
        >
          <select aria-label={`ACL to grant ${user.username}`} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">Grant ACL…</option>
            {acls
              .filter((acl) => !user.acls.includes(acl))
              .map((acl) => (
                <option key={acl} value={acl}>
                  {acl}
                </option>
              ))}
          </select>
          <button type="submit" className="sp-button sp-button--secondary" disabled={!chosen}>
            Grant
          </button>
        </form>
        <FormError error={failure} />
      </td>
      <td>{when(user.last_activity_at)}</td>
      <td>
        {user.disabled_at ? <span className="sp-chip admin-chip--danger">disabled</span> : <span className="sp-chip">active</span>}{' '}
        {user.id === profile?.id ? null : (
          <button
            type="button"
            className={`sp-button ${user.disabled_at ? 'sp-button--secondary' : 'sp-button--danger'}`}
            onClick={() => setDisabled({ id: user.id, disabled: !user.disabled_at })}
          >
            {user.disabled_at ? 'Enable' : 'Disable'} {user.username}
          </button>
        )}
      </td>
    </tr>
  );
}

function CreateUserCard() {
  const { data: roles = [] } = useAdminRolesQuery();
  const [create, { error, isLoading }] = useAdminCreateUserMutation();
  const [form, setForm] = useState({ username: '', contact_email: '', password: '', role: 'Full user' });
  const [created, setCreated] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({
      username: form.username.trim(),
      ...(form.contact_email ? { contact_email: form.contact_email.trim() } : {}),
      ...(form.password ? { password: form.password } : {}),
      roles: [form.role],
    });
    if ('data' in result) {
      setCreated(form.username.trim());
      setForm({ username: '', contact_email: '', password: '', role: form.role });
    }
  }
  return (
    <section className="sp-card" aria-label="Create a user">
      <h2 className="sp-card__title">Create a user</h2>
      <form className="sp-form sp-form--inline" onSubmit={submit}>
        <label>
          Username
          <input required value={form.username} onChange={(event) => setForm({ ...form, username: event.target.value })} />
        </label>
        <label>
          Email
          <input type="email" value={form.contact_email} onChange={(event) => setForm({ ...form, contact_email: event.target.value })} />
        </label>
        <label>
          Password (optional: OIDC or set later)
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.target.value })}
          />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value })}>
            {roles.map((role) => (
              <option key={role.id}>{role.id}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="sp-button" disabled={isLoading}>
          Create user
        </button>
      </form>
      <FormError error={errorText(error)} />
      {created ? (
        <p role="status" className="sp-muted">
          Created {created}.
        </p>
      ) : null}
    </section>
  );
}
