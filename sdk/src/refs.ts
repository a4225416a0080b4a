// Typed references to services and hooks (after Backstage's `createServiceRef`): a plugin asks for
// what it needs by a ref it imports, so a typo does not compile and the type comes with the ref,
// not from the caller. A ref's id is `<owner>.<name>`: the owner (`core` or a plugin's name) is the
// only one that may provide it, and a plugin reaches refs of core, of itself and of the plugins it
// lists in `dependsOn`. This module has no runtime dependencies, so a plugin's `types.ts` (read by
// its web part too) can export refs.
import type { AsyncParallelHook, AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncHook, SyncWaterfallHook } from 'tapable';

const REF_ID = /^([a-z][a-z0-9-]*)\.([a-zA-Z][\w-]*(?:\.[a-zA-Z][\w-]*)*)$/;

/** Where a service lives: one for the app (`root`), one per plugin, or one per request. */
export type ServiceScope = 'root' | 'plugin' | 'request';

export interface ServiceRef<T> {
  readonly id: string;
  /** `core` or the plugin that provides it. */
  readonly owner: string;
  readonly scope: ServiceScope;
  /** Carries the service's type; never set at run time. */
  readonly $type?: T;
}

function ownerOf(id: string, what: string): string {
  const match = REF_ID.exec(id);
  if (!match) throw new Error(`${what}: id must be "<owner>.<name>" with owner core or a plugin name (got ${JSON.stringify(id)})`);
  return match[1]!;
}

/** A reference to a service: `createServiceRef<SourcesService>({ id: 'sources.service' })`. */
export function createServiceRef<T>(options: { id: string; scope?: ServiceScope }): ServiceRef<T> {
  const owner = ownerOf(options.id, 'createServiceRef');
  return Object.freeze({ id: options.id, owner, scope: options.scope ?? 'root' });
}

/** The tapable classes behind each kind, for one event argument. */
export interface HookKinds<Event> {
  asyncParallel: AsyncParallelHook<[Event]>;
  asyncSeries: AsyncSeriesHook<[Event]>;
  asyncSeriesBail: AsyncSeriesBailHook<[Event], unknown>;
  asyncSeriesWaterfall: AsyncSeriesWaterfallHook<[Event]>;
  sync: SyncHook<[Event]>;
  syncWaterfall: SyncWaterfallHook<[Event]>;
}

export type HookKind = keyof HookKinds<unknown>;

export interface HookRef<Event, K extends HookKind = HookKind> {
  readonly id: string;
  readonly owner: string;
  readonly kind: K;
  /** Carries the event's type; never set at run time. */
  readonly $event?: Event;
}

/** The hook a ref names, as its owner holds it (to call it). */
export type HookOf<R> = R extends HookRef<infer Event, infer K> ? HookKinds<Event>[K] : never;

/** The hook as others hold it: they tap it, only its owner calls it. */
export type TapsOf<R> = Omit<HookOf<R>, 'call' | 'callAsync' | 'promise'>;

const HOOK_KINDS: readonly HookKind[] = ['asyncParallel', 'asyncSeries', 'asyncSeriesBail', 'asyncSeriesWaterfall', 'sync', 'syncWaterfall'];

/**
 * A reference to a hook: `defineHook<SourceSavedEvent>({ id: 'sources.saved', kind: 'asyncParallel' })`.
 * A hook takes one event object, so adding a field to it later breaks no tap.
 */
export function defineHook<Event>(options: { id: string; kind: 'asyncParallel' }): HookRef<Event, 'asyncParallel'>;
export function defineHook<Event>(options: { id: string; kind: 'asyncSeries' }): HookRef<Event, 'asyncSeries'>;
export function defineHook<Event>(options: { id: string; kind: 'asyncSeriesBail' }): HookRef<Event, 'asyncSeriesBail'>;
export function defineHook<Event>(options: { id: string; kind: 'asyncSeriesWaterfall' }): HookRef<Event, 'asyncSeriesWaterfall'>;
export function defineHook<Event>(options: { id: string; kind: 'sync' }): HookRef<Event, 'sync'>;
export function defineHook<Event>(options: { id: string; kind: 'syncWaterfall' }): HookRef<Event, 'syncWaterfall'>;
export function defineHook<Event>(options: { id: string; kind: HookKind }): HookRef<Event> {
  const owner = ownerOf(options.id, 'defineHook');
  if (!HOOK_KINDS.includes(options.kind)) throw new Error(`defineHook(${options.id}): kind must be one of ${HOOK_KINDS.join(', ')}`);
  return Object.freeze({ id: options.id, owner, kind: options.kind });
}
