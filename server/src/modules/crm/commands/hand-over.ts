import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest } from '../../../platform/errors.ts';
import { updateCustomer } from '../../workshop/commands/update-customer.ts';
import { execute, select } from '../db.ts';
import { assertUser } from './deal-support.ts';

/**
 * Hands a departing employee's work to another user in one transaction: their customers (through the
 * workshop's updateCustomer, each audited there), their deals and, unless told otherwise, their open
 * tasks. One summary audit entry names everything moved.
 */
export async function handOver(
  cx: CommandContext,
  input: { fromUserId: string; toUserId: string; reason: string; includeTasks: boolean },
): Promise<{ customers: number; deals: number; tasks: number }> {
  if (input.fromUserId === input.toUserId)
    throw badRequest('toUserId: must differ from fromUserId', 'toUserId');
  await assertUser(cx, input.toUserId, 'toUserId');
  const from = await select(cx, `SELECT 1 AS ok FROM users WHERE id = :id`, { id: input.fromUserId });
  if (!from.length) throw badRequest('fromUserId: no such user', 'fromUserId');
  const customers = await select<{ id: string }>(
    cx,
    `SELECT id FROM customers WHERE owner_id = :fromUserId AND merged_into_id IS NULL ORDER BY id FOR UPDATE`,
    { fromUserId: input.fromUserId },
  );
  for (const c of customers) await updateCustomer(cx, c.id, { ownerId: input.toUserId });
  const deals = await select<{ id: string }>(
    cx,
    `UPDATE deals SET owner_id = :toUserId, updated_at = :now WHERE owner_id = :fromUserId AND deleted_at IS NULL RETURNING id`,
    { ...input, now: cx.now },
  );
  const tasks = input.includeTasks
    ? await select<{ id: string }>(
        cx,
        `UPDATE crm_tasks SET assignee_id = :toUserId, updated_at = :now, overdue_notified_at = NULL, escalated_at = NULL, escalated_to = NULL
          WHERE assignee_id = :fromUserId AND status = 'open' AND deleted_at IS NULL RETURNING id`,
        { ...input, now: cx.now },
      )
    : [];
  await execute(cx, `UPDATE pbx_extensions SET user_id = :toUserId WHERE user_id = :fromUserId`, input);
  await recordAudit(cx, {
    action: 'crm.handed_over',
    entityType: 'user',
    entityId: input.fromUserId,
    after: {
      toUserId: input.toUserId,
      reason: input.reason,
      customers: customers.map((c) => c.id),
      deals: deals.map((d) => d.id),
      tasks: tasks.map((t) => t.id),
    },
  });
  cx.emit({ type: 'crm.handed_over', fromUserId: input.fromUserId, toUserId: input.toUserId });
  return { customers: customers.length, deals: deals.length, tasks: tasks.length };
}
