import * as client from 'openid-client';
import type { Config } from '../config/schema.js';

type OidcConfig = Config['auth']['oidc'];

/** The provider's metadata, discovered once and reused. */
export class OidcLogin {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    private readonly options: OidcConfig,
    private readonly redirectUri: string,
  ) {}

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(
        new URL(this.options.issuer!),
        this.options.clientId!,
        this.options.clientSecret,
        undefined,
        this.options.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error) => {
        this.discovered = undefined; // try again on the next login
        throw error;
      });
    return this.discovered;
  }

  /** Where to send the browser, and the one-time values to check on its return. */
  async begin(): Promise<{ url: string; state: string; verifier: string; nonce: string }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.options.scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, verifier, nonce };
  }

  /** Exchanges the code for tokens and returns the verified identity claims. */
  async finish(currentUrl: URL, expected: { state: string; verifier: string; nonce: string }) {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: expected.verifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider returned no ID token');
    // Some providers put profile claims only in the userinfo response.
    const extra = idClaims.email || idClaims.preferred_username ? {} : await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => ({}));
    const claims = { ...extra, ...idClaims } as Record<string, unknown> & { iss: string; sub: string };
    return {
      identity: `${claims.iss} ${claims.sub}`,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      preferredUsername: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
      givenName: typeof claims.given_name === 'string' ? claims.given_name : undefined,
      familyName: typeof claims.family_name === 'string' ? claims.family_name : undefined,
      sub: claims.sub,
    };
  }
}
