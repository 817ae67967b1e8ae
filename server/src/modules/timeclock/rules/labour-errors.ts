import type { ApiErrorCode } from '../../../contracts/errors.ts';
import { AppError } from '../../../platform/errors.ts';

/**
 * The shop floor's own error codes (kiosk and desk show them translated). They are not in the shared
 * ApiErrorCode union yet, hence the cast in one place.
 */
export type LabourErrorCode =
  | 'not_on_this_lift'
  | 'not_a_mechanic'
  | 'not_present'
  | 'on_break'
  | 'already_on_break'
  | 'not_on_break'
  | 'no_car_on_lift';

export function labourError(
  status: 403 | 409,
  code: LabourErrorCode,
  message: string,
  field?: string,
): AppError {
  return new AppError(status, code as unknown as ApiErrorCode, message, field);
}
