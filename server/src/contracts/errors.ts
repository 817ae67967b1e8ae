/** The stable JSON shape of every API error. Clients translate `code`; `message` is for logs and developers. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    field?: string;
    details?: Record<string, unknown>;
  };
}

export type ApiErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'locked_out'
  | 'rate_limited'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'already_set_up'
  | 'invalid_pairing_code'
  | 'badge_in_use'
  | 'payload_too_large'
  | 'not_ready'
  | 'internal';
