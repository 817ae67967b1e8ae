import type { Middleware } from 'koa';
import {
  UniqueConstraintError,
  ForeignKeyConstraintError,
  ValidationError as SequelizeValidationError,
} from 'sequelize';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '../../contracts/errors.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { zodToAppError } from './validate.ts';

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return zodToAppError(err);
  if (err instanceof UniqueConstraintError) {
    const field = err.errors[0]?.path ?? undefined;
    return new AppError(409, 'conflict', 'A record with the same value already exists', field ?? undefined);
  }
  if (err instanceof ForeignKeyConstraintError) {
    return new AppError(409, 'conflict', 'The record refers to, or is referred to by, another record');
  }
  if (err instanceof SequelizeValidationError) {
    return new AppError(400, 'validation_failed', err.message, err.errors[0]?.path ?? undefined);
  }
  const e = err as { status?: number; type?: string; expose?: boolean; message?: string };
  if (e?.type === 'entity.parse.failed' || (err instanceof SyntaxError && e.status === 400))
    return new AppError(400, 'validation_failed', 'The body is not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'The body is too large');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(
      e.status,
      e.status === 415 ? 'validation_failed' : 'validation_failed',
      e.message ?? 'Bad request',
    );
  }
  return null;
}

/** Every error leaves as `{error: {code, message, field?}}`; unexpected ones are logged and hidden. */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const appError = toAppError(err);
      const log = ctx.state.log as Logger | undefined;
      const body: ApiErrorBody = appError
        ? {
            error: {
              code: appError.code,
              message: appError.message,
              ...(appError.field ? { field: appError.field } : {}),
              ...(appError.details ? { details: appError.details } : {}),
            },
          }
        : { error: { code: 'internal', message: 'Internal error; see the server log with this request id' } };
      if (!appError) log?.error({ err }, 'unhandled error');
      ctx.status = appError?.status ?? 500;
      ctx.body = body;
      if (appError?.status === 429 && appError.details?.retryAfterSeconds) {
        ctx.set('Retry-After', String(appError.details.retryAfterSeconds));
      }
    }
  };
}
