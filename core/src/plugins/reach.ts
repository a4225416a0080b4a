/** A plugin reaches refs of core, its own, and those of the plugins it lists in `dependsOn`. */
export function checkReach(plugin: string, dependsOn: readonly string[], ref: { id: string; owner: string }, what: 'hook' | 'service'): void {
  if (ref.owner === 'core' || ref.owner === plugin || dependsOn.includes(ref.owner)) return;
  throw new Error(`Plugin "${plugin}" uses ${what} "${ref.id}" of plugin "${ref.owner}" but does not list "${ref.owner}" in dependsOn (or optionalDependsOn)`);
}
