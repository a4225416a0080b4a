import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { apiFetch, useApiQuery, type UserProfile } from '@skyportal/sdk/web';
import { useAppDispatch } from '../hooks';
import { signedIn } from '../store';

interface Providers {
  local: boolean;
  oidc: { label: string; loginUrl: string } | null;
}

export function LoginPage() {
  const providers = useApiQuery<Providers>('/api/auth/providers');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch('/api/auth/login', { method: 'POST', body: { username, password } });
      dispatch(signedIn(await apiFetch<UserProfile>('/api/internal/profile')));
      navigate(from, { replace: true });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const oidc = providers.data?.oidc;
  return (
    <div className="sp-login">
      <div className="sp-card sp-login__card">
        <h1 className="sp-brand sp-brand--large">SkyPortal</h1>
        {providers.data?.local !== false ? (
          <form onSubmit={submit} className="sp-form" aria-label="Log in">
            <label>
              Username
              <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
            {error ? (
              <p className="sp-form__error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="sp-button" disabled={busy}>
              Log in
            </button>
          </form>
        ) : null}
        {oidc ? (
          <a className="sp-button sp-button--secondary sp-login__oidc" href={oidc.loginUrl}>
            Sign in with {oidc.label}
          </a>
        ) : null}
      </div>
    </div>
  );
}
