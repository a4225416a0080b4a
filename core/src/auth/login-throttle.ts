import { LRUCache } from 'lru-cache';
import { ApiError } from '@skyportal/sdk';

/**
 * Slows password guessing: after `maxFailures` wrong passwords for one username from one address
 * within `windowMs`, that pair is refused (429) until the window passes. Per process: with N
 * replicas an attacker gets at most N times the budget, still far from a useful guessing rate.
 */
export class LoginThrottle {
  private readonly failures: LRUCache<string, { count: number; since: number }>;

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
  ) {
    this.failures = new LRUCache({ max: 50_000, ttl: windowMs });
  }

  private key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  /** Throws 429 if this pair has used up its attempts. */
  check(ip: string, username: string): void {
    const entry = this.failures.get(this.key(ip, username));
    if (entry && entry.count >= this.maxFailures) {
      const retryAfter = Math.ceil((entry.since + this.windowMs - Date.now()) / 1000);
      throw new ApiError(429, `Too many failed sign-ins for ${username}; try again in ${Math.max(retryAfter, 1)} s`, { retry_after: retryAfter });
    }
  }

  failed(ip: string, username: string): void {
    const key = this.key(ip, username);
    const entry = this.failures.get(key) ?? { count: 0, since: Date.now() };
    entry.count += 1;
    this.failures.set(key, entry, { ttl: Math.max(entry.since + this.windowMs - Date.now(), 1) });
  }

  succeeded(ip: string, username: string): void {
    this.failures.delete(this.key(ip, username));
  }
}
