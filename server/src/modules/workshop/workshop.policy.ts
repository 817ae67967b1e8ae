import type { Actor } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';

/**
 * Record-level scope. A user whose scope is "own" sees only the customers they own
 * (customers.owner_id) and the repair orders they advise (repair_orders.advisor_id); anything else
 * is a 403. Devices, bridges and the system act for the whole station.
 */
export function ownScopeUserId(actor: Actor): string | null {
  return actor.type === 'user' && actor.scope === 'own' ? actor.id : null;
}

export function canSeeCustomer(actor: Actor, customer: { ownerId: string | null }): boolean {
  const own = ownScopeUserId(actor);
  return own === null || customer.ownerId === own;
}

export function canSeeOrder(actor: Actor, order: { advisorId: string | null }): boolean {
  const own = ownScopeUserId(actor);
  return own === null || order.advisorId === own;
}

export function assertCustomerAccess(actor: Actor, customer: { ownerId: string | null }): void {
  if (!canSeeCustomer(actor, customer))
    throw forbidden('This customer belongs to another user, and your scope is your own customers');
}

export function assertOrderAccess(actor: Actor, order: { advisorId: string | null }): void {
  if (!canSeeOrder(actor, order))
    throw forbidden('This repair order belongs to another advisor, and your scope is your own orders');
}
