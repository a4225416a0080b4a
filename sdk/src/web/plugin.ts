// The frontend plugin contract: one declarative object per plugin, checked when it is defined
// (so the author sees the error) and again by the host (so a malformed remote is refused, not run).
import type { ComponentType } from 'react';
import type { Reducer } from '@reduxjs/toolkit';

export interface SlotEntry<P = Record<string, never>> {
  /** Unique within the plugin's slot; pages key and tests find entries by `<plugin>.<id>`. */
  id: string;
  title?: string;
  /** Lower first; entries without order come last. */
  order?: number;
  /** Only for `admin.pages`: the path under /admin/ (default: the id). */
  path?: string;
  /** Only for `admin.pages`: shown to holders of any of these ACLs (System admin sees every page); unset: to everyone signed in. */
  acls?: string[];
  component: ComponentType<P>;
}

/** A page of the plugin's own, at `path` (a react-router pattern such as `/source/:id`); shown signed in only, unless `public`. */
export interface RouteEntry {
  path: string;
  component: ComponentType;
  /** Shown without signing in (an invitation's page, where the account does not exist yet). */
  public?: boolean;
}

/** A link in the top bar. */
export interface NavItem {
  label: string;
  to: string;
  order?: number;
}

export interface FrontendPluginDefinition {
  name: string;
  /** Entries for slots that the host or other plugins offer, by slot name (see README); each slot's props are its own. */
  slots?: Record<string, SlotEntry<never>[]>;
  routes?: RouteEntry[];
  navItems?: NavItem[];
  /** Client-side state (not server data: that goes through `api`), injected into the host store under each key. */
  reducers?: Record<string, Reducer>;
}

export interface FrontendPlugin extends Required<FrontendPluginDefinition> {
  readonly kind: 'skyportal.frontend-plugin';
}

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

/** Slots that earlier SDKs had for pages and links: say where they went rather than ignore them. */
const REPLACED_SLOTS: Record<string, string> = { 'app.routes': 'routes', 'app.nav': 'navItems' };

function isComponent(value: unknown): boolean {
  // Function components, classes, and the objects React.memo / React.lazy / forwardRef return.
  return typeof value === 'function' || (typeof value === 'object' && value !== null && '$$typeof' in value);
}

function slotProblems(slots: unknown): string[] {
  if (typeof slots !== 'object' || slots === null) return ['slots must be an object'];
  const problems: string[] = [];
  for (const [slot, entries] of Object.entries(slots)) {
    if (slot in REPLACED_SLOTS) {
      problems.push(`slot "${slot}" no longer exists: declare them in ${REPLACED_SLOTS[slot]}`);
      continue;
    }
    if (!Array.isArray(entries)) {
      problems.push(`slot "${slot}" must be an array`);
      continue;
    }
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const where = `slot "${slot}" entry ${index}`;
      if (typeof entry !== 'object' || entry === null) return problems.push(`${where} is not an object`);
      if (typeof entry.id !== 'string' || !entry.id) problems.push(`${where} needs a string id`);
      else if (seen.has(entry.id)) problems.push(`${where} repeats id "${entry.id}"`);
      else seen.add(entry.id);
      if (!isComponent(entry.component)) problems.push(`${where} needs a React component`);
      if (entry.order !== undefined && typeof entry.order !== 'number') problems.push(`${where}: order must be a number`);
      if (entry.title !== undefined && typeof entry.title !== 'string') problems.push(`${where}: title must be a string`);
      if (entry.acls !== undefined && !(Array.isArray(entry.acls) && entry.acls.every((acl: unknown) => typeof acl === 'string'))) {
        problems.push(`${where}: acls must be an array of ACL names`);
      }
      return undefined;
    });
  }
  return problems;
}

/** Every problem with a would-be plugin, in words; empty means valid. */
export function frontendPluginProblems(candidate: unknown): string[] {
  if (typeof candidate !== 'object' || candidate === null) return ['is not an object'];
  const plugin = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof plugin.name !== 'string' || !PLUGIN_NAME.test(plugin.name)) {
    problems.push('name must be lowercase letters, digits and dashes');
  }
  if (plugin.slots !== undefined) problems.push(...slotProblems(plugin.slots));
  if (plugin.routes !== undefined) {
    if (!Array.isArray(plugin.routes)) problems.push('routes must be an array');
    else
      plugin.routes.forEach((route, index) => {
        if (typeof route?.path !== 'string' || !route.path.startsWith('/')) problems.push(`route ${index} needs a path starting with /`);
        if (!isComponent(route?.component)) problems.push(`route ${index} needs a React component`);
        if (route?.public !== undefined && typeof route.public !== 'boolean') problems.push(`route ${index}: public must be a boolean`);
      });
  }
  if (plugin.navItems !== undefined) {
    if (!Array.isArray(plugin.navItems)) problems.push('navItems must be an array');
    else
      plugin.navItems.forEach((item, index) => {
        if (typeof item?.label !== 'string' || typeof item?.to !== 'string') problems.push(`navItem ${index} needs label and to`);
      });
  }
  if (plugin.reducers !== undefined) {
    if (typeof plugin.reducers !== 'object' || plugin.reducers === null) problems.push('reducers must be an object');
    else
      for (const [key, reducer] of Object.entries(plugin.reducers)) {
        if (typeof reducer !== 'function') problems.push(`reducer "${key}" is not a function`);
      }
  }
  return problems;
}

/** Declares a frontend plugin; throws with the plugin's name if the shape is wrong. */
export function defineFrontendPlugin(definition: FrontendPluginDefinition): FrontendPlugin {
  const problems = frontendPluginProblems(definition);
  if (problems.length > 0) {
    const name = typeof definition?.name === 'string' ? definition.name : '(unnamed)';
    throw new Error(`Frontend plugin "${name}" is invalid: ${problems.join('; ')}`);
  }
  return Object.freeze({
    kind: 'skyportal.frontend-plugin' as const,
    name: definition.name,
    slots: definition.slots ?? {},
    routes: definition.routes ?? [],
    navItems: definition.navItems ?? [],
    reducers: definition.reducers ?? {},
  });
}
