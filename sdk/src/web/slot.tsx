// Slots: a named place on a page where plugins put components. Whoever renders <Slot> offers it
// (the host offers home.widgets, admin.pages and topbar.items; the sources plugin offers source.header and
// source.panels), so any plugin can offer slots of its own the same way.
import { useMemo, type ComponentType, type ReactNode } from 'react';
import { PluginErrorBoundary } from './errors';
import type { SlotEntry } from './plugin';
import { useLoadedPlugins } from './plugins-context';

export interface PluginSlotEntry<P> extends SlotEntry<P> {
  pluginName: string;
}

const byOrder = (a: { order?: number }, b: { order?: number }) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER);

/** Every plugin's entries for one slot, by order (stable: ties keep the plugins' load order). */
export function useSlot<P = Record<string, never>>(name: string): PluginSlotEntry<P>[] {
  const { plugins } = useLoadedPlugins();
  return useMemo(
    () => plugins.flatMap((plugin) => (plugin.slots[name] ?? []).map((entry) => ({ ...(entry as SlotEntry<P>), pluginName: plugin.name }))).sort(byOrder),
    [plugins, name],
  );
}

/** What a slot puts around each entry (a titled card, a list item); the entry itself is `children`. */
export type SlotFrame = ComponentType<{ entry: PluginSlotEntry<unknown>; children: ReactNode }>;

const Bare: SlotFrame = ({ children }) => <>{children}</>;

export interface SlotProps<P> {
  name: string;
  /** Handed to every entry's component. */
  props: P;
  frame?: SlotFrame;
}

/**
 * Renders every entry of slot `name` with `props`. Each entry sits in its own error boundary,
 * inside its frame: a crashing entry becomes an error card in its place, and the page lives.
 */
export function Slot<P extends object>({ name, props, frame: Frame = Bare }: SlotProps<P>) {
  const entries = useSlot<P>(name);
  return (
    <>
      {entries.map((entry) => {
        const Entry = entry.component;
        return (
          <Frame key={`${entry.pluginName}.${entry.id}`} entry={entry as PluginSlotEntry<unknown>}>
            <PluginErrorBoundary pluginName={entry.pluginName} label={`${name} ${entry.id}`}>
              <Entry {...props} />
            </PluginErrorBoundary>
          </Frame>
        );
      })}
    </>
  );
}
