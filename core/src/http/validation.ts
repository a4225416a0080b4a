import type { z } from 'zod';
import { badRequest, describeIssues } from '@skyportal/sdk';

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
