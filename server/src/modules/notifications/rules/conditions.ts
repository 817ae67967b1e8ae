/**
 * The "[and <condition>]" of an automation rule: a list of field tests on the event, all of which
 * must hold. Declarative on purpose: a manager edits data, never code.
 */
export const CONDITION_OPS = ['eq', 'ne', 'in', 'not_in', 'exists', 'missing'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export type Scalar = string | number | boolean | null;

export interface Condition {
  /** A field of the event, dotted for nested objects: `to`, `consents.smsMarketing`. */
  field: string;
  op: ConditionOp;
  value?: Scalar | Scalar[];
}

function fieldOf(event: Record<string, unknown>, path: string): unknown {
  let current: unknown = event;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function conditionHolds(condition: Condition, event: Record<string, unknown>): boolean {
  const actual = fieldOf(event, condition.field);
  const list = Array.isArray(condition.value) ? condition.value : [condition.value ?? null];
  switch (condition.op) {
    case 'eq':
      return actual === condition.value;
    case 'ne':
      return actual !== condition.value;
    case 'in':
      return list.includes(actual as Scalar);
    case 'not_in':
      return !list.includes(actual as Scalar);
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'missing':
      return actual === undefined || actual === null;
  }
}

export function conditionsHold(conditions: readonly Condition[], event: Record<string, unknown>): boolean {
  return conditions.every((c) => conditionHolds(c, event));
}

/** Why a condition is malformed, or null: `in` needs a list, `eq` a scalar, `exists` nothing. */
export function conditionProblem(condition: Condition): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(condition.field))
    return 'field: not a field name';
  const isList = Array.isArray(condition.value);
  if ((condition.op === 'in' || condition.op === 'not_in') && !isList)
    return `value: "${condition.op}" needs a list`;
  if ((condition.op === 'eq' || condition.op === 'ne') && (isList || condition.value === undefined))
    return `value: "${condition.op}" needs one value`;
  if ((condition.op === 'exists' || condition.op === 'missing') && condition.value !== undefined)
    return `value: "${condition.op}" takes no value`;
  return null;
}
