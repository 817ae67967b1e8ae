import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { CannedJob, CannedJobLine, type OrderJob, type OrderPart } from '../models/index.ts';
import { syncLineStock } from './line-stock.ts';
import { insertJob, insertPart } from './order-lines.ts';
import { assertLinesEditable, lockOrder, recalculateOrder } from './order-support.ts';

/**
 * Adds a canned job (a named package such as "oil service") to an order in one step: its labour
 * lines as jobs and its parts and consumables as lines tied to the package's first job.
 */
export async function applyCannedJob(
  cx: CommandContext,
  input: { orderId: string; cannedJobId: string; recommended?: boolean },
): Promise<{ jobs: OrderJob[]; parts: OrderPart[] }> {
  const order = await lockOrder(cx, input.orderId);
  assertLinesEditable(order);
  const canned = await CannedJob.findByPk(input.cannedJobId, { transaction: cx.tx });
  if (!canned) throw notFound('Canned job');
  if (!canned.active)
    throw conflict(`The canned job "${canned.name}" is no longer offered`, undefined, 'cannedJobId');
  const lines = await CannedJobLine.findAll({
    where: { cannedJobId: canned.id },
    order: [['position', 'ASC']],
    transaction: cx.tx,
  });
  const jobs: OrderJob[] = [];
  const parts: OrderPart[] = [];
  for (const line of lines.filter((l) => l.lineType === 'job')) {
    jobs.push(
      await insertJob(cx, order, {
        name: line.name,
        jobKind: line.jobKind,
        normSeconds: line.normSeconds ?? 0,
        pricing: line.pricing ?? 'hourly',
        ratePerHourMinor: line.ratePerHourMinor,
        fixedPriceMinor: line.fixedPriceMinor,
        recommended: input.recommended,
        cannedJobId: canned.id,
      }),
    );
  }
  for (const line of lines.filter((l) => l.lineType !== 'job')) {
    parts.push(
      await insertPart(cx, order, {
        kind: line.lineType === 'consumable' ? 'consumable' : 'part',
        partId: line.partId,
        sku: line.sku,
        name: line.name,
        quantity: String(line.quantity),
        unit: line.unit ?? 'pcs',
        unitPriceMinor: line.unitPriceMinor ?? 0,
        jobId: jobs[0]?.id ?? null,
        recommended: input.recommended,
        cannedJobId: canned.id,
      }),
    );
  }
  for (const part of parts) await syncLineStock(cx, part);
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.canned_job_applied',
    entityType: 'repair_order',
    entityId: order.id,
    after: {
      cannedJobId: canned.id,
      name: canned.name,
      jobLineIds: jobs.map((j) => j.id),
      partLineIds: parts.map((p) => p.id),
    },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
  return { jobs, parts };
}
