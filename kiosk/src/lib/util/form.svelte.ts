import { ApiError } from '../api/api-error.ts';
import { errorMessage, fieldError } from '../api/error-message.ts';
import { t, type MessageKey } from '../i18n/i18n.svelte.ts';

/** Codes too general to tell a person what to do; a form may say what they mean for one of its fields. */
const GENERIC_CODES = new Set(['validation_failed', 'conflict']);

/**
 * A form's submit state: busy while the request runs; the server's error shown under the field it
 * names (when the form has that field) or above the buttons; and the form's own checks before sending.
 */
export class FormState {
  busy = $state(false);
  error = $state.raw<unknown>(null);
  /** Checks made before sending (required fields, password length), already translated. */
  problems = $state<Record<string, string>>({});

  /**
   * @param fields the fields this form shows, so an error naming one appears under it
   * @param messages what a `validation_failed` or `conflict` on a field means here, where the code
   *   alone is too general (a conflict on `login` is "this login is taken")
   */
  constructor(
    private readonly fields: readonly string[],
    private readonly messages: Partial<Record<string, MessageKey>> = {},
  ) {}

  /** Runs a submit; returns its result, or undefined when it failed (the error is then on screen). */
  async submit<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    if (Object.keys(this.problems).length > 0) return undefined;
    this.busy = true;
    this.error = null;
    try {
      return await action();
    } catch (err) {
      this.error = err;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Replaces the form's own problems; returns whether the form may be sent. */
  check(problems: Record<string, string | false | null | undefined>): boolean {
    const found: Record<string, string> = {};
    for (const [field, problem] of Object.entries(problems)) if (problem) found[field] = problem;
    this.problems = found;
    return Object.keys(found).length === 0;
  }

  fieldError(field: string): string | undefined {
    if (this.problems[field]) return this.problems[field];
    const specific = this.messages[field];
    if (
      specific &&
      this.error instanceof ApiError &&
      this.error.field === field &&
      GENERIC_CODES.has(this.error.code)
    ) {
      return t(specific);
    }
    return fieldError(this.error, field);
  }

  /** The error that belongs to no field of this form. */
  get formError(): string | undefined {
    if (!this.error) return undefined;
    const field = (this.error as { field?: string }).field;
    if (field && this.fields.includes(field)) return undefined;
    return errorMessage(this.error);
  }

  reset(): void {
    this.error = null;
    this.problems = {};
    this.busy = false;
  }
}
