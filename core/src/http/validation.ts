import type { z } from 'zod';
import { badRequest } from '@skyportal/sdk';

/** `mjd[3]: Invalid input: expected number` — names the field (and row) that failed. */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '');
      const field = [prefix, path].filter(Boolean).join('.');
      return `${field || prefix || 'body'}: ${issue.message}`;
    })
    .join('; ');
}

export function parseOrThrow<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (!schema) return value as z.output<S>;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw badRequest(`Invalid ${where}: ${describeIssues(result.error)}`, {
      issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  }
  return result.data;
}
