import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '@skyportal/sdk';
import { sha256 } from './secrets.js';

/** The table of core's migration 002; every replica counts in it, so the limits are the site's. */
export const LOGIN_LIMITS_TABLE = 'login_limits';

export interface LoginLimits {
  /** Wrong passwords for one account from one address (then that pair waits). */
  perAccountAndAddress: { points: number; seconds: number };
  /** Wrong passwords for one account from anywhere (a guessing botnet). */
  perAccount: { points: number; seconds: number };
  /** Wrong passwords from one address, whatever the account (spraying usernames). */
  perAddress: { points: number; seconds: number };
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAndAddress: { points: 10, seconds: 15 * 60 },
  perAccount: { points: 100, seconds: 60 * 60 },
  perAddress: { points: 100, seconds: 60 * 60 },
};

/**
 * Password guessing limits, counted in PostgreSQL by rate-limiter-flexible before the password is
 * checked: parallel guesses each take a point first, so no more than the limit are ever verified.
 * A success clears its account-and-address count and gives back its own points; it never resets
 * the account's count from elsewhere (the owner signing in must not refill a botnet's budget).
 * Usernames enter keys hashed: keys stay short, and the table holds no usernames.
 */
export class LoginLimiter {
  private readonly pair: RateLimiterPostgres;
  private readonly account: RateLimiterPostgres;
  private readonly address: RateLimiterPostgres;

  constructor(knex: Knex, limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    const store = (keyPrefix: string, limit: { points: number; seconds: number }, clearExpiredByTimeout: boolean) =>
      new RateLimiterPostgres({
        storeClient: knex,
        storeType: 'knex',
        tableName: LOGIN_LIMITS_TABLE,
        tableCreated: true,
        keyPrefix,
        points: limit.points,
        duration: limit.seconds,
        // Once a key is refused, this process refuses it from memory until the window ends: a
        // spray costs no database write per request. The table stays the truth for every replica.
        inMemoryBlockOnConsumed: limit.points + 1,
        // One of the three sweeps the shared table of rows expired an hour ago.
        clearExpiredByTimeout,
      });
    this.pair = store('login-pair', limits.perAccountAndAddress, true);
    this.account = store('login-account', limits.perAccount, false);
    this.address = store('login-address', limits.perAddress, false);
  }

  private static keys(address: string, username: string) {
    const account = sha256(username.trim().toLowerCase());
    return { address, account, pair: `${address}|${account}` };
  }

  /**
   * Takes a point from each limit; throws 429 (with Retry-After) if one is used up. Call it before
   * checking the password. An address over its limit is refused before its guesses touch the
   * accounts' counts, so a spray costs one row update per request.
   */
  async attempt(address: string, username: string): Promise<void> {
    const keys = LoginLimiter.keys(address, username);
    await refuseWhenSpent(this.address.consume(keys.address), 'from this address');
    const [pair, account] = await Promise.allSettled([this.pair.consume(keys.pair), this.account.consume(keys.account)]);
    for (const outcome of [pair, account]) {
      if (outcome.status === 'rejected') await refuseWhenSpent(Promise.reject(outcome.reason), 'for this account');
    }
  }

  /** The password was right: this pair starts again, and this attempt is not held against anyone. */
  async succeeded(address: string, username: string): Promise<void> {
    const keys = LoginLimiter.keys(address, username);
    await Promise.all([this.pair.delete(keys.pair), this.account.reward(keys.account, 1), this.address.reward(keys.address, 1)]);
  }
}

async function refuseWhenSpent(consumed: Promise<unknown>, what: string): Promise<void> {
  try {
    await consumed;
  } catch (error) {
    // The store failing is not a reason to let guesses through unlimited: that is a 500.
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError(429, `Too many failed sign-ins ${what}; try again in ${retryAfter} s`, { retry_after: retryAfter });
  }
}
