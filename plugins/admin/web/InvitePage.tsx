import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, FormError } from '@skyportal/sdk/web';
import { useDispatch } from 'react-redux';
import { useAcceptInvitationMutation, useInvitationPreviewMutation } from './api';
import { errorText, when } from './common';

/**
 * `/invite#<secret>`: the invited person chooses a password and is signed in. The secret is in the
 * fragment, which browsers never send to a server, and goes to the API only in request bodies.
 */
export function InvitePage() {
  const token = typeof window === 'undefined' ? '' : window.location.hash.slice(1);
  const [preview, previewed] = useInvitationPreviewMutation();
  const [accept, accepting] = useAcceptInvitationMutation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const navigate = useNavigate();
  const dispatch = useDispatch();
  useEffect(() => {
    if (token) preview(token);
  }, [token, preview]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) return setMismatch(true);
    setMismatch(false);
    const result = await accept({ token, password });
    if (!('data' in result) || !result.data) return;
    // Signed in with the new password, as any local account; then the home page.
    const login = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: result.data.username, password }),
    });
    // As the login page: nothing cached while signed out (the profile's 401) outlives the sign-in.
    dispatch(api.util.resetApiState());
    navigate(login.ok ? '/' : '/login', { replace: true });
  }

  if (!token) return <p className="sp-muted">This page opens from an invitation link.</p>;
  const invitation = previewed.data;
  return (
    <div className="sp-page admin-invite">
      <h1>Welcome to SkyPortal</h1>
      {previewed.error ? <FormError error={errorText(previewed.error)} /> : null}
      {invitation ? (
        <form className="sp-form admin-invite__form" onSubmit={submit}>
          <p>
            You are invited as <strong className="sp-mono">{invitation.username}</strong>. Choose a password to create your account (this link expires{' '}
            {when(invitation.expires_at)}).
          </p>
          <label>
            Password
            <input type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(event) => setPassword(event.target.value)} />
          </label>
          <label>
            Repeat the password
            <input type="password" autoComplete="new-password" minLength={8} required value={repeat} onChange={(event) => setRepeat(event.target.value)} />
          </label>
          <FormError error={mismatch ? 'The two passwords differ.' : errorText(accepting.error)} />
          <button type="submit" className="sp-button" disabled={accepting.isLoading}>
            Create my account
          </button>
        </form>
      ) : null}
    </div>
  );
}
