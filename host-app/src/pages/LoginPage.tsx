import { useState, type FormEvent } from 'react';
import { useDispatch } from 'react-redux';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, apiErrorOf, type ApiError, FormError } from '@skyportal/sdk/web';
import { useAuthProvidersQuery, useLogInMutation } from '../api';

export function LoginPage() {
  const providers = useAuthProvidersQuery();
  const [logIn, { isLoading: busy }] = useLogInMutation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dispatch = useDispatch();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await logIn({ username, password }).unwrap();
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not log in');
      return;
    }
    // A new session: drop whatever the cache holds from before it (a 401 profile, another user's data).
    dispatch(api.util.resetApiState());
    navigate(from, { replace: true });
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
            <FormError error={error} />
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
