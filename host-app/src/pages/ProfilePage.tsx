import { useState, type FormEvent } from 'react';
import { apiErrorOf, ErrorCard, formatUtc, useProfile, type ApiError, FormError } from '@skyportal/sdk/web';
import { useCreateTokenMutation, useRevokeTokenMutation, useTokensQuery, type ApiToken } from '../api';

export function ProfilePage() {
  const profile = useProfile();
  const tokens = useTokensQuery();
  const tokensError = apiErrorOf(tokens.error);
  const [revokeToken] = useRevokeTokenMutation();
  if (!profile) return null;
  const fullName = [profile.first_name, profile.last_name].filter(Boolean).join(' ');

  async function revoke(token: ApiToken) {
    if (!window.confirm(`Revoke token "${token.name}"? Scripts using it will stop working.`)) return;
    // The token list refetches either way (the mutation invalidates it), so it shows what is true.
    await revokeToken(token.id)
      .unwrap()
      .catch((failure: ApiError) => window.alert(apiErrorOf(failure)?.message));
  }

  return (
    <div className="sp-page">
      <h1>Profile</h1>
      <div className="sp-columns">
        <section className="sp-card" data-testid="profile-user">
          <h2 className="sp-card__title">User</h2>
          <dl className="sp-facts">
            <dt>Username</dt>
            <dd>{profile.username}</dd>
            <dt>Name</dt>
            <dd>{fullName || '—'}</dd>
            <dt>Email</dt>
            <dd>{profile.contact_email ?? '—'}</dd>
            <dt>Roles</dt>
            <dd>{profile.roles.join(', ') || '—'}</dd>
            <dt>ACLs</dt>
            <dd data-testid="profile-acls">{profile.acls.join(', ') || '—'}</dd>
          </dl>
        </section>
        <section className="sp-card" data-testid="profile-groups">
          <h2 className="sp-card__title">Groups</h2>
          <ul className="sp-list">
            {profile.groups
              .filter((group) => !group.single_user_group)
              .map((group) => (
                <li key={group.id}>
                  {group.name}
                  {group.admin ? <span className="sp-chip sp-chip--accent">admin</span> : null}
                </li>
              ))}
          </ul>
        </section>
      </div>

      <section className="sp-card">
        <h2 className="sp-card__title">API tokens</h2>
        {tokensError ? <ErrorCard title="Could not load tokens" message={tokensError.message} /> : null}
        <table className="sp-table" aria-label="API tokens" data-testid="token-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>ACLs</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((token) => (
              <tr key={token.id} data-testid="token-row">
                <td>{token.name}</td>
                <td>{token.acls.join(', ')}</td>
                <td className="sp-nowrap">{formatUtc(token.created_at)}</td>
                <td className="sp-nowrap">{formatUtc(token.last_used_at)}</td>
                <td>
                  <button type="button" className="sp-button sp-button--danger" onClick={() => revoke(token)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
            {tokens.data?.length === 0 ? (
              <tr>
                <td colSpan={5} className="sp-muted">
                  No tokens yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <CreateTokenForm availableAcls={profile.acls} />
      </section>
    </div>
  );
}

function CreateTokenForm({ availableAcls }: { availableAcls: string[] }) {
  const [createToken] = useCreateTokenMutation();
  const [name, setName] = useState('');
  const [acls, setAcls] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await createToken({ name, acls }).unwrap();
      setSecret(created.token_id);
      setCopied(false);
      setName('');
      setAcls([]);
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not create the token');
    }
  }

  async function copy() {
    if (!secret) return;
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  }

  return (
    <form className="sp-form sp-token-form" onSubmit={create} aria-label="Create token">
      <h3>New token</h3>
      <label>
        Token name
        <input name="token-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <fieldset className="sp-checklist sp-checklist--inline">
        <legend>ACLs</legend>
        {availableAcls.map((acl) => (
          <label key={acl} className="sp-check">
            <input type="checkbox" checked={acls.includes(acl)} onChange={(e) => setAcls(e.target.checked ? [...acls, acl] : acls.filter((a) => a !== acl))} />
            {acl}
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <div className="sp-form__actions">
        <button type="submit" className="sp-button">
          Create token
        </button>
      </div>
      {secret ? (
        // Shown once: the server keeps only a hash, so closing this loses the value for good.
        <div className="sp-secret" role="status" data-testid="new-token">
          <p>Copy this token now; it will not be shown again.</p>
          <code data-testid="new-token-value">{secret}</code>
          <button type="button" className="sp-button sp-button--secondary" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" className="sp-button sp-button--quiet" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      ) : null}
    </form>
  );
}
