import type { ApiErrorCode } from '../contracts/errors.ts';

/** An error the API answers with its own status and code; anything else is a 500. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ApiErrorCode,
    message: string,
    public readonly field?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, field?: string, details?: Record<string, unknown>) =>
  new AppError(400, 'validation_failed', message, field, details);
export const unauthenticated = (message = 'Sign in first') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>, field?: string) =>
  new AppError(409, 'conflict', message, field, details);
