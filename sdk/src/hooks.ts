import type { HookOf, HookRef, TapsOf } from './refs.js';

/**
 * A plugin's view of the hooks. Its own hooks it `provide`s (once, in `register`) and calls; the
 * hooks of core and of the plugins it depends on it `get`s to tap. Refs of anyone else fail at
 * startup with both names in the message.
 */
export interface PluginHooks {
  /** The hook behind one of this plugin's own refs, to call it. */
  provide<R extends HookRef<unknown>>(ref: R): HookOf<R>;
  /** A hook of core, of this plugin or of a plugin in `dependsOn`, to tap it. */
  get<R extends HookRef<unknown>>(ref: R): TapsOf<R>;
}
