import type { Hook } from 'tapable';

export { AsyncParallelHook, AsyncSeriesHook, AsyncSeriesBailHook, AsyncSeriesWaterfallHook, SyncHook, SyncWaterfallHook } from 'tapable';

// tapable's Hook type carries the argument and return types; any hook will do in the registry.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHook = Hook<any, any>;

/**
 * Hooks by full name (`<plugin>.<hook>`, e.g. `photometry.ingested`). A plugin defines its own
 * hooks under its name during `register`; it reads those of core and of the plugins it depends on.
 */
export interface HookRegistry {
  define<H extends AnyHook>(name: string, hook: H): H;
  get<H extends AnyHook>(fullName: string): H;
  has(fullName: string): boolean;
}
