import { useState, type FormEvent } from 'react';
import { FormError } from '@skyportal/sdk/web';
import type { CreatedInvitation } from '../types';
import { useAdminInvitationsQuery, useAdminInviteMutation, useAdminRevokeInvitationMutation, useAdminRolesQuery } from './api';
import { errorText, when } from './common';

/** Invite by link: the link is shown once, here; afterwards only its status. */
export function InvitationsCard() {
  const { data: roles = [] } = useAdminRolesQuery();
  const { data: invitations = [] } = useAdminInvitationsQuery();
  const [invite, inviting] = useAdminInviteMutation();
  const [revoke, revoking] = useAdminRevokeInvitationMutation();
  const [form, setForm] = useState({ username: '', contact_email: '', role: 'Full user', hours: 72 });
  const [link, setLink] = useState<CreatedInvitation | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await invite({
      username: form.username.trim(),
      ...(form.contact_email ? { contact_email: form.contact_email.trim() } : {}),
      roles: [form.role],
      expiresInHours: form.hours,
    });
    if ('data' in result && result.data) {
      setLink(result.data);
      setForm({ ...form, username: '', contact_email: '' });
    }
  }
  return (
    <section className="sp-card" aria-label="Invitations">
      <h2 className="sp-card__title">Invite by link</h2>
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
          Role
          <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value })}>
            {roles.map((role) => (
              <option key={role.id}>{role.id}</option>
            ))}
          </select>
        </label>
        <label>
          Valid for (hours)
          <input type="number" min={1} max={720} value={form.hours} onChange={(event) => setForm({ ...form, hours: Number(event.target.value) })} />
        </label>
        <button type="submit" className="sp-button" disabled={inviting.isLoading}>
          Create invitation link
        </button>
      </form>
      <FormError error={errorText(inviting.error ?? revoking.error)} />
      {link ? (
        <div className="sp-secret" role="status" data-testid="invitation-link">
          <p>
            Send this link to the person invited. It is shown only now, works once, and expires {when(link.expires_at)}:{' '}
            <code className="sp-mono admin-link">{link.url}</code>
          </p>
        </div>
      ) : null}
      {invitations.length ? (
        <table className="sp-table">
          <thead>
            <tr>
              <th>Username</th>
              <th>Roles</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id} data-testid={`invitation-${invitation.username}`}>
                <td className="sp-mono">{invitation.username}</td>
                <td>{invitation.roles.join(', ')}</td>
                <td>{when(invitation.created_at)}</td>
                <td>{when(invitation.expires_at)}</td>
                <td>{invitation.status}</td>
                <td>
                  {invitation.status === 'pending' ? (
                    <button type="button" className="sp-button sp-button--quiet" onClick={() => revoke(invitation.id)}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
