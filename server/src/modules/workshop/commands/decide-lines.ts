import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { actorUserId } from '../actor.ts';
import { OrderJob, OrderPart } from '../models/index.ts';
import { syncLineStock } from './line-stock.ts';
import { assertLinesEditable, currentLiftOf, lockOrder, recalculateOrder } from './order-support.ts';

export interface DecideLinesInput {
  orderId: string;
  decisions: Array<{ lineId: string; decision: 'approved' | 'declined' }>;
  via: 'phone' | 'in_person' | 'signed';
  note?: string | null;
}

/**
 * Records the customer's answer on recommended lines: who took it, when, how (phone, in person,
 * signed) and a note. Declined lines stay on the order (out of the totals) and on the vehicle's
 * history, to be offered again. A customer may change their mind until a job is started.
 * Emits `approval.decided` per line: { orderId, lineId, lineType, decision, via, liftId, at }.
 */
export async function decideLines(cx: CommandContext, input: DecideLinesInput): Promise<void> {
  const order = await lockOrder(cx, input.orderId);
  assertLinesEditable(order);
  const decided: Array<{ lineId: string; lineType: 'job' | 'part' | 'consumable'; decision: string }> = [];
  for (const { lineId, decision } of input.decisions) {
    const line =
      (await OrderJob.findOne({
        where: { id: lineId, orderId: order.id },
        transaction: cx.tx,
        lock: cx.tx.LOCK.UPDATE,
      })) ??
      (await OrderPart.findOne({
        where: { id: lineId, orderId: order.id },
        transaction: cx.tx,
        lock: cx.tx.LOCK.UPDATE,
      }));
    if (!line) throw notFound(`Line ${lineId} of this order`);
    if (!line.recommended) throw conflict('Only recommended lines need the customer’s decision', { lineId });
    if (line instanceof OrderJob && line.state !== 'planned' && decision === 'declined')
      throw conflict('Work on this job has started; it cannot be declined', { lineId, state: line.state });
    line.set({
      decision,
      decidedAt: cx.now,
      decidedBy: actorUserId(cx.actor),
      decidedByName: cx.actor.name,
      decidedVia: input.via,
      decisionNote: input.note ?? null,
      updatedAt: cx.now,
    });
    await line.save({ transaction: cx.tx });
    // An approved parts line reserves its stock; a declined one gives it back.
    if (line instanceof OrderPart) await syncLineStock(cx, line);
    decided.push({ lineId, lineType: line instanceof OrderJob ? 'job' : (line as OrderPart).kind, decision });
  }
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.lines_decided',
    entityType: 'repair_order',
    entityId: order.id,
    after: { decisions: decided, via: input.via, note: input.note ?? null },
  });
  const liftId = await currentLiftOf(cx, order.id);
  for (const d of decided) {
    cx.emit({
      type: 'approval.decided',
      orderId: order.id,
      lineId: d.lineId,
      lineType: d.lineType,
      decision: d.decision,
      via: input.via,
      liftId,
      at: cx.now.toISOString(),
    });
  }
}
