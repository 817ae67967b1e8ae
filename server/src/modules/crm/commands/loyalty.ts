import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, int, selectOne, type Executor } from '../db.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import {
  pointsEarned,
  pointsToReverse,
  redeemablePoints,
  redeemProblem,
  tierFor,
  type Tier,
} from '../rules/loyalty.ts';
import { monthsBefore } from '../rules/segments.ts';
import { PAID_VISITS_SQL } from './segments.ts';

/**
 * How a redemption becomes a discount on the repair order. The workshop has no fixed-amount discount
 * command yet (only a percentage on the whole order), so the handler is plugged in from outside:
 * the workshop registers `applyFixedDiscount(cx, { orderId, amountMinor, reason, reference })` here
 * once it has one. Without a handler a redemption is refused (409) and nothing is written.
 */
export type OrderDiscountHandler = (
  cx: CommandContext,
  input: { orderId: string; amountMinor: number; reason: string; reference: string },
) => Promise<void>;

let discountHandler: OrderDiscountHandler | null = null;

export function registerLoyaltyDiscountHandler(handler: OrderDiscountHandler | null): void {
  discountHandler = handler;
}

export async function pointsBalance(ex: Executor, customerId: string): Promise<number> {
  const row = await selectOne<{ balance: string }>(
    ex,
    `SELECT coalesce(sum(points), 0) AS balance FROM loyalty_ledger WHERE customer_id = :customerId`,
    { customerId },
  );
  return int(row?.balance);
}

export async function spendForTier(ex: Executor, customerId: string, since: Date): Promise<number> {
  const row = await selectOne<{ spend: string }>(
    ex,
    `SELECT coalesce(sum(v.paid), 0) AS spend FROM (${PAID_VISITS_SQL}) v WHERE v.customer_id = :customerId AND v.at >= :since`,
    { customerId, since },
  );
  return int(row?.spend);
}

export async function currentTier(
  ex: Executor,
  customerId: string,
  now: Date,
): Promise<{ tier: Tier; spendMinor: number }> {
  const { loyaltyRules } = await loadCrmSettings(ex);
  const spendMinor = await spendForTier(ex, customerId, monthsBefore(now, loyaltyRules.tierWindowMonths));
  return { tier: tierFor(spendMinor, loyaltyRules.tiers), spendMinor };
}

/** Issues the customer's card (once; the number comes from a sequence). Returns the card number. */
export async function ensureCard(cx: CommandContext, customerId: string): Promise<string> {
  const existing = await selectOne<{ number: string }>(
    cx,
    `SELECT number FROM loyalty_cards WHERE customer_id = :customerId`,
    {
      customerId,
    },
  );
  if (existing) return existing.number;
  const seq = await selectOne<{ n: string }>(cx, `SELECT nextval('loyalty_card_numbers') AS n`);
  const number = `PW-${seq!.n}`;
  await execute(
    cx,
    `INSERT INTO loyalty_cards (id, customer_id, number, issued_at) VALUES (:id, :customerId, :number, :now)`,
    { id: newId(), customerId, number, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'loyalty.card_issued',
    entityType: 'customer',
    entityId: customerId,
    after: { number },
  });
  return number;
}

async function insertLedger(
  cx: CommandContext,
  row: {
    customerId: string;
    orderId: string | null;
    kind: 'earn' | 'redeem' | 'reverse' | 'adjust' | 'merge_in' | 'merge_out';
    points: number;
    basisMinor?: number | null;
    rateBp?: number | null;
    note?: string | null;
  },
): Promise<string> {
  const id = newId();
  await execute(
    cx,
    `INSERT INTO loyalty_ledger (id, customer_id, order_id, kind, points, basis_minor, rate_bp, at, note, actor_id, actor_name)
     VALUES (:id, :customerId, :orderId, :kind, :points, :basisMinor, :rateBp, :now, :note, :actorId, :actorName)`,
    {
      id,
      ...row,
      basisMinor: row.basisMinor ?? null,
      rateBp: row.rateBp ?? null,
      note: row.note ?? null,
      now: cx.now,
      actorId: cx.actor.id,
      actorName: cx.actor.name,
    },
  );
  return id;
}

/** Points for a paid, handed-over order, once per order, at the customer's tier rate. */
export async function earnForOrder(cx: CommandContext, orderId: string): Promise<number> {
  const order = await selectOne<{
    customer_id: string;
    status: string;
    total_minor: string;
    paid_minor: string;
    number: string;
  }>(
    cx,
    `SELECT customer_id, status, total_minor, paid_minor, number FROM repair_orders WHERE id = :orderId`,
    { orderId },
  );
  if (!order || !['handed_over', 'closed'].includes(order.status)) return 0;
  const total = int(order.total_minor);
  const paid = int(order.paid_minor);
  if (paid < total) return 0;
  const earned = await selectOne(
    cx,
    `SELECT 1 AS ok FROM loyalty_ledger WHERE order_id = :orderId AND kind = 'earn'`,
    {
      orderId,
    },
  );
  if (earned) return 0;
  const { loyaltyRules } = await loadCrmSettings(cx);
  const { tier } = await currentTier(cx, order.customer_id, cx.now);
  const basis = Math.min(paid, total);
  const points = pointsEarned(basis, tier.earnRateBp, loyaltyRules.pointValueMinor);
  if (points <= 0) return 0;
  const card = await ensureCard(cx, order.customer_id);
  await insertLedger(cx, {
    customerId: order.customer_id,
    orderId,
    kind: 'earn',
    points,
    basisMinor: basis,
    rateBp: tier.earnRateBp,
    note: `order ${order.number}, tier ${tier.code}`,
  });
  cx.emit({
    type: 'crm.loyalty.points_earned',
    customerId: order.customer_id,
    orderId,
    points,
    cardNumber: card,
    balance: await pointsBalance(cx, order.customer_id),
  });
  return points;
}

/** After a refund, takes back the share of the order's points that the refunded money had earned. */
export async function reverseForRefund(cx: CommandContext, orderId: string): Promise<number> {
  const earn = await selectOne<{ customer_id: string; points: number; basis_minor: string }>(
    cx,
    `SELECT customer_id, points, basis_minor FROM loyalty_ledger WHERE order_id = :orderId AND kind = 'earn'`,
    { orderId },
  );
  if (!earn) return 0;
  const order = await selectOne<{ paid_minor: string; total_minor: string }>(
    cx,
    `SELECT paid_minor, total_minor FROM repair_orders WHERE id = :orderId`,
    { orderId },
  );
  const basis = int(earn.basis_minor);
  const nowPaid = Math.min(int(order?.paid_minor), int(order?.total_minor));
  const target = pointsToReverse(earn.points, basis, basis - nowPaid);
  const done = await selectOne<{ reversed: string }>(
    cx,
    `SELECT coalesce(-sum(points), 0) AS reversed FROM loyalty_ledger WHERE order_id = :orderId AND kind = 'reverse'`,
    { orderId },
  );
  const more = target - int(done?.reversed);
  if (more <= 0) return 0;
  await insertLedger(cx, {
    customerId: earn.customer_id,
    orderId,
    kind: 'reverse',
    points: -more,
    note: 'refund',
  });
  return more;
}

export async function redeemPoints(
  cx: CommandContext,
  customerId: string,
  input: { orderId: string; points: number },
): Promise<{ points: number; amountMinor: number; balance: number }> {
  await selectOne(cx, `SELECT id FROM customers WHERE id = :customerId FOR UPDATE`, { customerId });
  const order = await selectOne<{ customer_id: string; status: string; total_minor: string; number: string }>(
    cx,
    `SELECT customer_id, status, total_minor, number FROM repair_orders WHERE id = :orderId`,
    { orderId: input.orderId },
  );
  if (!order) throw notFound('Repair order');
  if (order.customer_id !== customerId)
    throw badRequest('orderId: the order belongs to another customer', 'orderId');
  if (['handed_over', 'closed', 'cancelled'].includes(order.status))
    throw conflict(
      `Points are redeemed before the car is handed over; the order is ${order.status}`,
      undefined,
      'orderId',
    );
  const { loyaltyRules } = await loadCrmSettings(cx);
  const balance = await pointsBalance(cx, customerId);
  const already = await selectOne<{ redeemed: string }>(
    cx,
    `SELECT coalesce(-sum(points), 0) AS redeemed FROM loyalty_ledger WHERE order_id = :orderId AND kind = 'redeem'`,
    { orderId: input.orderId },
  );
  const redeemable = redeemablePoints({
    balance,
    orderTotalMinor: int(order.total_minor) + int(already?.redeemed) * loyaltyRules.pointValueMinor,
    alreadyRedeemedMinor: int(already?.redeemed) * loyaltyRules.pointValueMinor,
    capBp: loyaltyRules.redeemCapBp,
    pointValueMinor: loyaltyRules.pointValueMinor,
  });
  const problem = redeemProblem(input.points, { balance, redeemable });
  if (problem === 'over_balance')
    throw conflict(`The customer has ${balance} points`, { balance, redeemable }, 'points');
  if (problem === 'over_cap')
    throw conflict(
      `At most ${redeemable} points can be redeemed on this order`,
      { balance, redeemable },
      'points',
    );
  if (problem) throw badRequest('points: must be a positive whole number', 'points');
  if (!discountHandler)
    throw conflict(
      'The workshop cannot take a fixed-amount discount yet; points cannot be redeemed on orders',
      {
        missing: 'workshop applyFixedDiscount',
      },
    );
  const amountMinor = input.points * loyaltyRules.pointValueMinor;
  const ledgerId = await insertLedger(cx, {
    customerId,
    orderId: input.orderId,
    kind: 'redeem',
    points: -input.points,
    basisMinor: amountMinor,
    note: `discount on order ${order.number}`,
  });
  await discountHandler(cx, {
    orderId: input.orderId,
    amountMinor,
    reason: 'loyalty points',
    reference: ledgerId,
  });
  await recordAudit(cx, {
    action: 'loyalty.redeemed',
    entityType: 'customer',
    entityId: customerId,
    after: { orderId: input.orderId, points: input.points, amountMinor },
  });
  return { points: input.points, amountMinor, balance: balance - input.points };
}

export async function adjustPoints(
  cx: CommandContext,
  customerId: string,
  input: { points: number; note: string },
): Promise<number> {
  const customer = await selectOne(cx, `SELECT id FROM customers WHERE id = :customerId FOR UPDATE`, {
    customerId,
  });
  if (!customer) throw notFound('Customer');
  const balance = await pointsBalance(cx, customerId);
  if (balance + input.points < 0)
    throw conflict(`The customer has only ${balance} points`, { balance }, 'points');
  await ensureCard(cx, customerId);
  await insertLedger(cx, {
    customerId,
    orderId: null,
    kind: 'adjust',
    points: input.points,
    note: input.note,
  });
  await recordAudit(cx, {
    action: 'loyalty.adjusted',
    entityType: 'customer',
    entityId: customerId,
    after: input,
  });
  return balance + input.points;
}

/** Merge step: the source's balance moves to the target by a pair of ledger rows; the card moves if the target has none. */
export async function mergeLoyalty(
  cx: CommandContext,
  ids: { sourceId: string; targetId: string },
): Promise<number> {
  let touched = 0;
  const balance = await pointsBalance(cx, ids.sourceId);
  if (balance !== 0) {
    await insertLedger(cx, {
      customerId: ids.sourceId,
      orderId: null,
      kind: balance > 0 ? 'merge_out' : 'adjust',
      points: -balance,
      note: `merged into ${ids.targetId}`,
    });
    await insertLedger(cx, {
      customerId: ids.targetId,
      orderId: null,
      kind: balance > 0 ? 'merge_in' : 'adjust',
      points: balance,
      note: `merged from ${ids.sourceId}`,
    });
    touched += 2;
  }
  const targetCard = await selectOne(
    cx,
    `SELECT 1 AS ok FROM loyalty_cards WHERE customer_id = :targetId`,
    ids,
  );
  if (targetCard) {
    await execute(cx, `UPDATE loyalty_cards SET active = false WHERE customer_id = :sourceId`, ids);
  } else {
    await execute(cx, `UPDATE loyalty_cards SET customer_id = :targetId WHERE customer_id = :sourceId`, ids);
  }
  return touched + 1;
}
