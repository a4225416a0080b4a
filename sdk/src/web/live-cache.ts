// Live messages keep the cache current: a plugin says which tags a message type makes stale
// (`invalidateOnLive`), an endpoint says which channel its data changes on (`followLiveChannel`),
// and one middleware turns each message into one invalidation, so a resource shown by several
// panels is refetched once per message, not once per panel.
import type { Middleware } from '@reduxjs/toolkit';
import type { TagDescription } from '@reduxjs/toolkit/query/react';
import { api } from './data';
import { getLiveConnection, type LiveConnection, type LiveMessage } from './live';

// Rules are stored for any payload type; each is called only with messages of its own type.
type TagsOf = (message: LiveMessage<never>) => readonly TagDescription<string>[];

const rules = new Map<string, TagsOf[]>();

/** Declares that a live message of `type` makes `tagsOf(message)` stale (e.g. a source's photometry). */
export function invalidateOnLive<D = unknown>(type: string, tagsOf: (message: LiveMessage<D>) => readonly TagDescription<string>[]): void {
  rules.set(type, [...(rules.get(type) ?? []), tagsOf]);
}

/** The tags every declared rule finds stale after `message`. */
export function staleTagsOf(message: LiveMessage): TagDescription<string>[] {
  return (rules.get(message.type) ?? []).flatMap((tagsOf) => [...tagsOf(message as LiveMessage<never>)]);
}

/** The store middleware that applies the rules to every message the page's socket receives. */
export function liveInvalidationMiddleware(connection: LiveConnection = getLiveConnection()): Middleware {
  return (store) => {
    connection.observe((message) => {
      const tags = staleTagsOf(message);
      if (tags.length > 0) store.dispatch(api.util.invalidateTags(tags));
    });
    return (next) => (action) => next(action);
  };
}

/** The part of RTK Query's `onCacheEntryAdded` lifecycle that following a channel uses. */
interface CacheEntryLifecycle {
  cacheEntryRemoved: Promise<unknown>;
  dispatch?: (action: unknown) => unknown;
  getCacheEntry?: () => { endpointName?: string };
}

type Initiate = (arg: unknown, options: { subscribe: boolean; forceRefetch: boolean }) => unknown;

/**
 * An endpoint's `onCacheEntryAdded`: keeps the page subscribed to `channelOf(arg)` for as long as
 * the data is cached, so its live messages arrive even if no component listens to them. After the
 * socket comes back (a second `subscribed`), the data is fetched again: what changed while it was
 * away was announced to nobody on this page.
 */
export function followLiveChannel<Arg>(channelOf: (arg: Arg) => string) {
  return async (arg: Arg, { cacheEntryRemoved, dispatch, getCacheEntry }: CacheEntryLifecycle): Promise<void> => {
    let confirmed = false;
    const stop = getLiveConnection().subscribe(channelOf(arg), (message) => {
      if (message.type !== 'subscribed') return;
      const endpointName = confirmed ? getCacheEntry?.().endpointName : undefined;
      confirmed = true;
      const endpoint = endpointName ? (api.endpoints as unknown as Record<string, { initiate: Initiate }>)[endpointName] : undefined;
      if (endpoint && dispatch) dispatch(endpoint.initiate(arg, { subscribe: false, forceRefetch: true }));
    });
    try {
      await cacheEntryRemoved;
    } finally {
      stop();
    }
  };
}
