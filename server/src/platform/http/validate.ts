import type { ZodError, ZodType } from 'zod';
import { AppError } from '../errors.ts';

export function zodToAppError(error: ZodError): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError(400, 'validation_failed', 'Invalid request');
  let path = issue.path.map(String).join('.');
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    path = path ? `${path}.${key}` : key;
    reason = 'is not a known field';
  } else if (issue.code === 'invalid_type' && /received undefined/i.test(issue.message)) {
    reason = 'is required';
  }
  return new AppError(400, 'validation_failed', path ? `${path}: ${reason}` : reason, path || undefined, {
    issues: error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
      code: i.code,
    })),
  });
}

/** Parses input with a schema; a failure is a 400 naming the first offending field. */
export function parse<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw zodToAppError(result.error);
  return result.data;
}
