import type { z } from 'zod';
import { badRequest, inputs } from '@skyportal/sdk';

export function parseOrThrow<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  return schema ? inputs.parseOrBadRequest(schema, value, where) : (value as z.output<S>);
}

/** `altdata.notes[2]`, as `describeIssues` names fields; an odd key as `["k\u0000"]` (escaped: a key may hold anything). */
function fieldPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][\w-]*$/.test(part) ? `${i ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`))
    .join('');
}

/**
 * Every route, before its own schema: no string or key anywhere in a request part holds a NUL or
 * a lone surrogate (PostgreSQL refuses both: text, jsonb), and JSON is not nested deeper than
 * `inputs.MAX_JSON_DEPTH`. One check here, so no route (or plugin) can forget it.
 */
export function requireStorable<T>(value: T, where: string): T {
  const found = inputs.findUnstorable(value);
  if (found) {
    throw badRequest(`Invalid ${where}: ${fieldPath(found.path) || where}: ${found.problem}`, { issues: [{ path: found.path, message: found.problem }] });
  }
  return value;
}
