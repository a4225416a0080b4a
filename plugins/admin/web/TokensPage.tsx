import { FormError } from '@skyportal/sdk/web';
import { useAdminRevokeTokenMutation, useAdminTokensQuery } from './api';
import { errorText, when } from './common';

/** Every user's API tokens: name, owner, ACLs, created, last used. Never a secret: only the id's first characters. */
export function TokensPage() {
  const { data: tokens = [], error } = useAdminTokensQuery();
  const [revoke, revoking] = useAdminRevokeTokenMutation();
  return (
    <section className="sp-card" aria-label="API tokens">
      <h2 className="sp-card__title">API tokens</h2>
      <FormError error={errorText(error ?? revoking.error)} />
      <table className="sp-table">
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Owner</th>
            <th>ACLs</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} data-testid={`token-${token.name}`}>
              <td className="sp-mono" title="The token's id (not its secret)">
                {token.id.slice(0, 8)}…
              </td>
              <td>{token.name}</td>
              <td className="sp-mono">{token.owner_username}</td>
              <td>
                <span className="sp-chips">
                  {token.acls.map((acl) => (
                    <span key={acl} className="sp-chip">
                      {acl}
                    </span>
                  ))}
                </span>
              </td>
              <td>{when(token.created_at)}</td>
              <td>{when(token.last_used_at)}</td>
              <td>
                <button type="button" className="sp-button sp-button--danger" onClick={() => revoke(token.id)}>
                  Revoke {token.name}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
