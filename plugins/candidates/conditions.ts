// A filter's conditions: their validation (a 400 names the path, `conditions.all[1].op`) and the
// pure evaluator alert ingestion runs on every packet. No I/O here.
import { z } from 'zod';
import { CONDITION_OPS, type ConditionLeaf, type Conditions, type ConditionValue } from './types.js';

export type { Conditions, ConditionLeaf } from './types.js';

/** Deepest nesting accepted (a tree deeper than this is a mistake, and would cost stack). */
export const MAX_CONDITION_DEPTH = 16;
/** Most nodes (groups and leaves) in one tree. */
export const MAX_CONDITION_NODES = 500;
/** Most items of an `in` list. */
export const MAX_IN_VALUES = 1000;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);

// One schema per leaf op family, so a wrong value names `value`, a wrong op names `op`.
const leafBase = z.strictObject({
  field: z.string().max(200).regex(FIELD, 'a dotted path of field names, e.g. candidate.rb'),
  op: z.enum(CONDITION_OPS),
  value: z.unknown().optional(),
});
const leafValue: Record<ConditionLeaf['op'], z.ZodType> = {
  '>=': z.union([z.number().finite(), z.string().max(1000)]),
  '>': z.union([z.number().finite(), z.string().max(1000)]),
  '<=': z.union([z.number().finite(), z.string().max(1000)]),
  '<': z.union([z.number().finite(), z.string().max(1000)]),
  '==': scalar,
  '!=': scalar,
  in: z.array(scalar).min(1).max(MAX_IN_VALUES),
  exists: z.boolean().optional(),
};

type Path = (string | number)[];

/** Walks the tree; each problem is added to `ctx` at its own path. Returns the nodes counted. */
function check(node: unknown, path: Path, depth: number, ctx: z.RefinementCtx, counted: { nodes: number }): void {
  counted.nodes += 1;
  if (counted.nodes > MAX_CONDITION_NODES) {
    if (counted.nodes === MAX_CONDITION_NODES + 1) ctx.addIssue({ code: 'custom', path, message: `more than ${MAX_CONDITION_NODES} conditions` });
    return;
  }
  if (depth > MAX_CONDITION_DEPTH) {
    ctx.addIssue({ code: 'custom', path, message: `nested deeper than ${MAX_CONDITION_DEPTH}` });
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    ctx.addIssue({ code: 'custom', path, message: 'expected {all: [...]}, {any: [...]}, {not: ...} or {field, op, value}' });
    return;
  }
  const keys = Object.keys(node);
  const record = node as Record<string, unknown>;
  for (const group of ['all', 'any'] as const) {
    if (!(group in record)) continue;
    if (keys.length !== 1) ctx.addIssue({ code: 'custom', path, message: `{${group}: [...]} takes no other key` });
    const items = record[group];
    if (!Array.isArray(items)) {
      ctx.addIssue({ code: 'custom', path: [...path, group], message: 'expected a list of conditions' });
      return;
    }
    items.forEach((item, index) => check(item, [...path, group, index], depth + 1, ctx, counted));
    return;
  }
  if ('not' in record) {
    if (keys.length !== 1) ctx.addIssue({ code: 'custom', path, message: '{not: ...} takes no other key' });
    check(record.not, [...path, 'not'], depth + 1, ctx, counted);
    return;
  }
  const leaf = leafBase.safeParse(node);
  if (!leaf.success) {
    for (const issue of leaf.error.issues) ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as z.core.$ZodRawIssue);
    return;
  }
  const value = leafValue[leaf.data.op].safeParse(leaf.data.value);
  if (!value.success) {
    for (const issue of value.error.issues) ctx.addIssue({ ...issue, path: [...path, 'value', ...issue.path] } as z.core.$ZodRawIssue);
  }
}

/**
 * A filter's conditions as a request gives them: a tree of `all`/`any`/`not` and leaves, or null
 * (every alert passes). Every problem names its path under the field (`conditions.all[1].op`).
 */
export const conditionsSchema: z.ZodType<Conditions | null> = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === null) return;
    check(value, [], 0, ctx, { nodes: 0 });
  })
  .transform((value) => value as Conditions | null);

// ---------------------------------------------------------------------------------------------
// Evaluation

/** The value at a dotted path of `packet` (`candidate.rb`), or undefined when any part is absent. */
export function fieldValue(packet: unknown, field: string): unknown {
  let value: unknown = packet;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function same(a: unknown, b: ConditionValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return a === b;
}

/** `a op b` for ordered ops: both finite numbers, or both strings; anything else does not hold. */
function ordered(a: unknown, b: unknown, op: '>=' | '>' | '<=' | '<'): boolean {
  const comparable = (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a)) || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '>=':
      return x >= y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '<':
      return x < y;
  }
}

function leafHolds(leaf: ConditionLeaf, packet: unknown): boolean {
  const actual = fieldValue(packet, leaf.field);
  if (leaf.op === 'exists') return (actual !== undefined && actual !== null) === (leaf.value ?? true);
  // A field the packet lacks satisfies no comparison: a filter asking `rb >= 0.65` must not pass
  // packets that carry no rb. (`{not: ...}` of a leaf is how to say "absent or different".)
  if (actual === undefined) return false;
  switch (leaf.op) {
    case '==':
      return same(actual, leaf.value);
    case '!=':
      return !same(actual, leaf.value);
    case 'in':
      return Array.isArray(leaf.value) && leaf.value.some((candidate) => same(actual, candidate));
    default:
      return ordered(actual, leaf.value, leaf.op);
  }
}

/**
 * Whether `packet` passes `conditions` (validated by `conditionsSchema`); `null` passes every
 * packet. Leaves compare the value at `field`:
 * - `>=`, `>`, `<=`, `<`: both numbers (or both strings); a null or missing field never holds.
 * - `==`, `!=`: strict equality of JSON scalars (`null == null` holds); a missing field holds neither.
 * - `in`: equal to one of the listed values. `exists` (value true, the default): present and not
 *   null; `exists: false`: missing or null.
 */
export function evaluateConditions(conditions: Conditions | null, packet: unknown): boolean {
  if (conditions === null) return true;
  if ('all' in conditions) return conditions.all.every((item) => evaluateConditions(item, packet));
  if ('any' in conditions) return conditions.any.some((item) => evaluateConditions(item, packet));
  if ('not' in conditions) return !evaluateConditions(conditions.not, packet);
  return leafHolds(conditions, packet);
}
