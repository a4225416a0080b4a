import { AsyncParallelHook, AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type { HookKind, HookOf, HookRef, PluginHooks } from '@skyportal/sdk';
import { checkReach } from './reach.js';

// Every hook takes one event object (see defineHook).
const MAKERS: Record<HookKind, (name: string) => unknown> = {
  asyncParallel: (name) => new AsyncParallelHook<[unknown]>(['event'], name),
  asyncSeries: (name) => new AsyncSeriesHook<[unknown]>(['event'], name),
  asyncSeriesBail: (name) => new AsyncSeriesBailHook<[unknown], unknown>(['event'], name),
  asyncSeriesWaterfall: (name) => new AsyncSeriesWaterfallHook<[unknown]>(['event'], name),
  sync: (name) => new SyncHook<[unknown]>(['event'], name),
  syncWaterfall: (name) => new SyncWaterfallHook<[unknown]>(['event'], name),
};

/**
 * Every hook of the app, one tapable instance per ref id, made on first use (a tap may come before
 * its owner provides it: plugins register in dependency order, but core's hooks are tapped by all).
 */
export class HookStore {
  private readonly hooks = new Map<string, { kind: HookKind; hook: unknown }>();
  private readonly provided = new Set<string>();

  /** The hook behind a ref, for core (which calls its own) and tests. */
  of<R extends HookRef<unknown>>(ref: R): HookOf<R> {
    let entry = this.hooks.get(ref.id);
    if (!entry) {
      entry = { kind: ref.kind, hook: MAKERS[ref.kind](ref.id) };
      this.hooks.set(ref.id, entry);
    }
    if (entry.kind !== ref.kind) throw new Error(`Hook "${ref.id}" is ${entry.kind}, but a ref declares it ${ref.kind}`);
    return entry.hook as HookOf<R>;
  }

  /** Core's own hooks: provided by core before any plugin registers. */
  provideCore<R extends HookRef<unknown>>(ref: R): HookOf<R> {
    return this.provide('core', ref);
  }

  private provide<R extends HookRef<unknown>>(owner: string, ref: R): HookOf<R> {
    if (ref.owner !== owner) throw new Error(`"${owner}" provides hook "${ref.id}", which belongs to "${ref.owner}"`);
    if (this.provided.has(ref.id)) throw new Error(`Hook "${ref.id}" is provided twice`);
    this.provided.add(ref.id);
    return this.of(ref);
  }

  /** What plugin `owner` may use: core's hooks, its own, and those of the plugins it depends on. */
  viewFor(owner: string, dependsOn: readonly string[]): PluginHooks {
    return {
      provide: (ref) => this.provide(owner, ref),
      get: (ref) => {
        checkReach(owner, dependsOn, ref, 'hook');
        return this.of(ref);
      },
    };
  }
}
