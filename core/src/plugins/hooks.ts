import type { AnyHook, HookRegistry } from '@skyportal/sdk';

/** All hooks of the app by full name; each plugin sees it through a scoped view. */
export class HookStore {
  private readonly hooks = new Map<string, AnyHook>();

  define<H extends AnyHook>(fullName: string, hook: H): H {
    if (this.hooks.has(fullName)) throw new Error(`Hook "${fullName}" is already defined`);
    this.hooks.set(fullName, hook);
    return hook;
  }

  get<H extends AnyHook>(fullName: string): H {
    const hook = this.hooks.get(fullName);
    if (!hook) throw new Error(`No hook "${fullName}"`);
    return hook as H;
  }

  has(fullName: string): boolean {
    return this.hooks.has(fullName);
  }

  /** What plugin `owner` may use: core's hooks, its own, and those of the plugins it depends on. */
  viewFor(owner: string, dependsOn: readonly string[]): HookRegistry {
    const readable = new Set(['core', owner, ...dependsOn]);
    const check = (fullName: string) => {
      const prefix = fullName.split('.')[0]!;
      if (!readable.has(prefix)) {
        throw new Error(`Plugin "${owner}" uses hook "${fullName}" but does not list "${prefix}" in dependsOn`);
      }
    };
    return {
      define: (name, hook) => this.define(name.startsWith(`${owner}.`) ? name : `${owner}.${name}`, hook),
      get: (fullName) => {
        check(fullName);
        return this.get(fullName);
      },
      has: (fullName) => this.has(fullName),
    };
  }
}
