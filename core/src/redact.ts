import type { z } from 'zod';

/** Keys whose values are credentials (a password, an API key, a client secret, a token). */
const SECRET_KEY = /password|passwd|passphrase|secret|token|key|credential/i;

export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` without keys that look secret, at any depth: for what is written down (the audit log). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !looksSecret(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

export const HIDDEN = '(hidden)';

interface SchemaDef {
  type?: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType | undefined): SchemaDef | undefined {
  return (schema as unknown as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** The schema under defaults, optionals, nullables and pipes. */
function unwrapped(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let depth = 0; depth < 20 && current; depth++) {
    if (isMarkedSecret(current)) return current;
    const def = defOf(current);
    const inner = def?.innerType ?? (def?.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

function isMarkedSecret(schema: z.ZodType | undefined): boolean {
  const meta = (schema as unknown as { meta?: () => Record<string, unknown> | undefined } | undefined)?.meta?.();
  return meta?.secret === true;
}

/**
 * A copy of a plugin's options for admins to read: a value its schema marks secret
 * (`z.string().meta({ secret: true })`) or whose key looks secret is replaced by "(hidden)".
 */
export function hideSecrets(value: unknown, schema?: z.ZodType): unknown {
  const inner = unwrapped(schema);
  if (isMarkedSecret(inner)) return value === undefined ? undefined : HIDDEN;
  if (Array.isArray(value)) return value.map((item) => hideSecrets(item, defOf(inner)?.element));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const shape = defOf(inner)?.shape;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, looksSecret(key) && field !== null && field !== undefined ? HIDDEN : hideSecrets(field, shape?.[key])]),
  );
}
