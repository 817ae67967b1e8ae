import type { Middleware } from 'koa';
import type { Actor } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { can, type Permission } from '../identity/rules/permissions.ts';
import { selectOne, type Executor } from './db.ts';

const WHAT: Partial<Record<Permission, string>> = {
  'crm.read': 'read the CRM',
  'crm.write': 'work in the CRM',
  'crm.delete': 'delete CRM records',
  'crm.configure': 'configure the CRM',
  'marketing.manage': 'manage marketing',
};

/** Route guard: a signed-in user whose role has the permission (kiosk devices are refused). */
export function permit(permission: Permission): Middleware {
  return requireUser((actor) => can(actor.role, permission), WHAT[permission] ?? `use ${permission}`);
}

/**
 * Record scope. A user whose scope is "own" sees only the deals they own and the customers they own
 * (customers.owner_id), and the leads, tasks and calls tied to those or assigned to them. Anything else
 * is a 403 (not a 404: the desk tells the person why). Devices and the system act for the whole station.
 */
export function ownScope(actor: Actor): string | null {
  return actor.type === 'user' && actor.scope === 'own' ? actor.id : null;
}

export function assertDealVisible(actor: Actor, deal: { owner_id: string | null }): void {
  const own = ownScope(actor);
  if (own !== null && deal.owner_id !== own)
    throw forbidden('This deal belongs to another user, and your scope is your own deals');
}

export function assertCustomerVisible(actor: Actor, customer: { owner_id: string | null }): void {
  const own = ownScope(actor);
  if (own !== null && customer.owner_id !== own)
    throw forbidden('This customer belongs to another user, and your scope is your own customers');
}

/** Loads a customer's owner and checks the scope (404 when there is no such customer). */
export async function checkCustomerAccess(ex: Executor, actor: Actor, customerId: string): Promise<void> {
  const row = await selectOne<{ owner_id: string | null }>(
    ex,
    `SELECT owner_id FROM customers WHERE id = :customerId`,
    {
      customerId,
    },
  );
  if (!row) throw notFound('Customer');
  assertCustomerVisible(actor, row);
}

/** A task is visible to its assignee, to whoever it escalated to, and to everyone with scope "all". */
export function assertTaskVisible(
  actor: Actor,
  task: { assignee_id: string; escalated_to: string | null; deal_owner_id: string | null },
): void {
  const own = ownScope(actor);
  if (own === null) return;
  if (task.assignee_id === own || task.escalated_to === own || task.deal_owner_id === own) return;
  throw forbidden('This task belongs to another user, and your scope is your own records');
}
