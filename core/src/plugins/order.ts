/**
 * Orders plugins so each comes after those it depends on, and after those of `after` (its enabled
 * optional dependencies). A required dependency that is missing or disabled, or a cycle, is an
 * error naming the plugins involved.
 */
export function orderByDependencies<T extends { name: string; dependsOn: readonly string[]; after?: readonly string[] }>(
  plugins: T[],
  disabled: ReadonlySet<string> = new Set(),
): T[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  for (const plugin of plugins) {
    for (const dep of plugin.dependsOn) {
      if (!byName.has(dep)) {
        const why = disabled.has(dep) ? 'which is disabled in the config' : 'which is not in the config';
        throw new Error(`Plugin "${plugin.name}" depends on "${dep}", ${why}`);
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: T, trail: string[]) => {
    const seen = state.get(plugin.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(plugin.name)), plugin.name];
      throw new Error(`Plugin dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(plugin.name, 'visiting');
    for (const dep of [...plugin.dependsOn, ...(plugin.after ?? [])]) visit(byName.get(dep)!, [...trail, plugin.name]);
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) visit(plugin, []);
  return ordered;
}
