import type { ApiErrorBody, ApiErrorCode } from '$contracts/errors.ts';

/** What the client itself may add: the station could not be reached, or answered something unexpected. */
export type ClientErrorCode = ApiErrorCode | 'network' | 'unexpected';

/** A failed API call with the server's stable error code (translated on screen, never shown raw). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ApiErrorBody> | null)?.error;
    if (error && typeof error.code === 'string') {
      return new ApiError(status, error.code, error.message ?? error.code, error.field, error.details);
    }
    return new ApiError(status, 'unexpected', `HTTP ${status}`);
  }

  /** Seconds to wait, when the server said so (rate limits, lock-outs). */
  get retryAfterSeconds(): number | null {
    const value = this.details?.retryAfterSeconds;
    return typeof value === 'number' && value > 0 ? value : null;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
