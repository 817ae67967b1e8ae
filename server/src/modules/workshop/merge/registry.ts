import type { CommandContext } from '../../../platform/context.ts';

/**
 * How a customer merge reaches every record of the customer.
 *
 * By default the merge moves every row of every table whose foreign key references customers(id):
 * it finds them in the PostgreSQL catalogue at merge time, so a module that adds a table with
 * `customer_id uuid REFERENCES customers (id)` is covered without doing anything.
 *
 * A module registers a step when a plain `UPDATE … SET customer_id = target` is not right for its
 * table: a unique key that the two customers would both hold (one loyalty card per customer),
 * figures to add up, an append-only ledger that must receive a correcting row instead of an update,
 * or a reference to customers kept without a foreign key. A step names the table.column pairs it
 * takes care of, so the automatic pass skips them; it runs inside the merge's transaction, after
 * both customers are locked, and returns how many rows it touched (written to the audit entry).
 *
 *   registerCustomerMergeStep({
 *     name: 'loyalty cards',
 *     handles: [{ table: 'loyalty_cards', column: 'customer_id' }],
 *     run: async (cx, { sourceId, targetId }) => { … return moved; },
 *   });
 */
export interface CustomerMergeStep {
  name: string;
  handles: ReadonlyArray<{ table: string; column: string }>;
  run(cx: CommandContext, ids: { sourceId: string; targetId: string }): Promise<number>;
}

const steps: CustomerMergeStep[] = [];

export function registerCustomerMergeStep(step: CustomerMergeStep): void {
  const existing = steps.findIndex((s) => s.name === step.name);
  if (existing >= 0) steps[existing] = step;
  else steps.push(step);
}

export function customerMergeSteps(): readonly CustomerMergeStep[] {
  return steps;
}
