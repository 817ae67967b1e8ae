import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../actor.ts';
import { OrderJob, OrderPart, type RepairOrder } from '../models/index.ts';
import type { AddJobInput, AddPartInput, UpdateJobInput, UpdatePartInput } from '../workshop.schemas.ts';
import { assignMechanicRow } from './job-assignments.ts';
import { releaseBeforeRemoval, syncLineStock } from './line-stock.ts';
import { assertLinesEditable, lockOrder, nextPosition, recalculateOrder } from './order-support.ts';

/** A recommendation carries who suggested it and waits for the customer's decision. */
function recommendation(cx: CommandContext, recommended: boolean | undefined) {
  return recommended
    ? {
        recommended: true,
        recommendedBy: actorUserId(cx.actor),
        recommendedByName: cx.actor.name,
        decision: 'pending' as const,
      }
    : { recommended: false, recommendedBy: null, recommendedByName: null, decision: null };
}

function pricingColumns(
  input: { pricing?: 'hourly' | 'fixed'; ratePerHourMinor?: number | null; fixedPriceMinor?: number | null },
  current?: OrderJob,
) {
  const pricing = input.pricing ?? current?.pricing ?? 'hourly';
  return pricing === 'fixed'
    ? {
        pricing,
        fixedPriceMinor: input.fixedPriceMinor ?? current?.fixedPriceMinor ?? null,
        ratePerHourMinor: null,
      }
    : {
        pricing,
        ratePerHourMinor: input.ratePerHourMinor ?? current?.ratePerHourMinor ?? null,
        fixedPriceMinor: null,
      };
}

export async function insertJob(
  cx: CommandContext,
  order: RepairOrder,
  input: Omit<AddJobInput, 'mechanicIds'> & { normSeconds?: number; cannedJobId?: string | null },
): Promise<OrderJob> {
  const pricing = pricingColumns(input);
  if (pricing.pricing === 'hourly' && pricing.ratePerHourMinor === null)
    throw badRequest('ratePerHourMinor: is required for hourly pricing', 'ratePerHourMinor');
  if (pricing.pricing === 'fixed' && pricing.fixedPriceMinor === null)
    throw badRequest('fixedPriceMinor: is required for a fixed price', 'fixedPriceMinor');
  return OrderJob.create(
    {
      id: newId(),
      orderId: order.id,
      position: await nextPosition(cx, 'order_jobs', order.id),
      name: input.name,
      jobKind: input.jobKind ?? null,
      normSeconds: input.normSeconds ?? 0,
      ...pricing,
      discountBp: input.discountBp ?? 0,
      state: 'planned',
      waitReason: null,
      stateChangedAt: cx.now,
      cannedJobId: input.cannedJobId ?? null,
      notes: input.notes ?? null,
      ...recommendation(cx, input.recommended),
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
}

export async function insertPart(
  cx: CommandContext,
  order: RepairOrder,
  input: AddPartInput & { cannedJobId?: string | null },
): Promise<OrderPart> {
  if (input.jobId) await jobOfOrder(cx, order.id, input.jobId, 'jobId');
  return OrderPart.create(
    {
      id: newId(),
      orderId: order.id,
      position: await nextPosition(cx, 'order_parts', order.id),
      kind: input.kind ?? 'part',
      partId: input.partId ?? null,
      sku: input.sku ?? null,
      name: input.name,
      quantity: input.quantity,
      unit: input.unit ?? 'pcs',
      unitPriceMinor: input.unitPriceMinor,
      discountBp: input.discountBp ?? 0,
      jobId: input.jobId ?? null,
      cannedJobId: input.cannedJobId ?? null,
      notes: input.notes ?? null,
      ...recommendation(cx, input.recommended),
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
}

async function jobOfOrder(
  cx: CommandContext,
  orderId: string,
  lineId: string,
  field?: string,
): Promise<OrderJob> {
  const job = await OrderJob.findOne({
    where: { id: lineId, orderId },
    transaction: cx.tx,
    lock: cx.tx.LOCK.UPDATE,
  });
  if (!job) {
    if (field) throw badRequest(`${field}: is not a job of this order`, field);
    throw notFound('Job');
  }
  return job;
}

async function partOfOrder(cx: CommandContext, orderId: string, lineId: string): Promise<OrderPart> {
  const part = await OrderPart.findOne({
    where: { id: lineId, orderId },
    transaction: cx.tx,
    lock: cx.tx.LOCK.UPDATE,
  });
  if (!part) throw notFound('Parts line');
  return part;
}

const jobAudit = (j: OrderJob) => ({
  name: j.name,
  normSeconds: j.normSeconds,
  pricing: j.pricing,
  ratePerHourMinor: j.ratePerHourMinor,
  fixedPriceMinor: j.fixedPriceMinor,
  discountBp: j.discountBp,
  recommended: j.recommended,
});
const partAudit = (p: OrderPart) => ({
  name: p.name,
  kind: p.kind,
  partId: p.partId,
  quantity: String(p.quantity),
  unitPriceMinor: p.unitPriceMinor,
  discountBp: p.discountBp,
  recommended: p.recommended,
});

export async function addJob(cx: CommandContext, orderId: string, input: AddJobInput): Promise<OrderJob> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const job = await insertJob(cx, order, input);
  for (const staffId of input.mechanicIds ?? []) await assignMechanicRow(cx, job, staffId);
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.job_added',
    entityType: 'repair_order',
    entityId: order.id,
    after: { lineId: job.id, ...jobAudit(job) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
  return job;
}

export async function updateJob(
  cx: CommandContext,
  orderId: string,
  lineId: string,
  input: UpdateJobInput,
): Promise<OrderJob> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const job = await jobOfOrder(cx, order.id, lineId);
  const before = jobAudit(job);
  const pricing =
    input.pricing !== undefined || input.ratePerHourMinor !== undefined || input.fixedPriceMinor !== undefined
      ? pricingColumns(input, job)
      : null;
  if (pricing) {
    if (pricing.pricing === 'hourly' && pricing.ratePerHourMinor === null)
      throw badRequest('ratePerHourMinor: is required for hourly pricing', 'ratePerHourMinor');
    if (pricing.pricing === 'fixed' && pricing.fixedPriceMinor === null)
      throw badRequest('fixedPriceMinor: is required for a fixed price', 'fixedPriceMinor');
    job.set(pricing);
  }
  for (const key of ['name', 'jobKind', 'normSeconds', 'discountBp', 'notes'] as const) {
    if (input[key] !== undefined) job.set(key, input[key]);
  }
  job.updatedAt = cx.now;
  await job.save({ transaction: cx.tx });
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.job_updated',
    entityType: 'repair_order',
    entityId: order.id,
    before: { lineId, ...before },
    after: { lineId, ...jobAudit(job) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
  return job;
}

/** Only a job nobody has started can be removed; a started one is completed or stays, for the labour history. */
export async function removeJob(cx: CommandContext, orderId: string, lineId: string): Promise<void> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const job = await jobOfOrder(cx, order.id, lineId);
  if (job.startedAt || job.state !== 'planned')
    throw conflict('Work on this job has started; it cannot be removed', { state: job.state });
  await OrderPart.update({ jobId: null }, { where: { jobId: job.id }, transaction: cx.tx });
  await job.destroy({ transaction: cx.tx });
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.job_removed',
    entityType: 'repair_order',
    entityId: order.id,
    before: { lineId, ...jobAudit(job) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
}

export async function addPart(cx: CommandContext, orderId: string, input: AddPartInput): Promise<OrderPart> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const part = await insertPart(cx, order, input);
  await syncLineStock(cx, part);
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.part_added',
    entityType: 'repair_order',
    entityId: order.id,
    after: { lineId: part.id, ...partAudit(part) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
  return part;
}

export async function updatePart(
  cx: CommandContext,
  orderId: string,
  lineId: string,
  input: UpdatePartInput,
): Promise<OrderPart> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const part = await partOfOrder(cx, order.id, lineId);
  const before = partAudit(part);
  if (input.jobId) await jobOfOrder(cx, order.id, input.jobId, 'jobId');
  for (const key of [
    'kind',
    'partId',
    'sku',
    'name',
    'quantity',
    'unit',
    'unitPriceMinor',
    'discountBp',
    'jobId',
    'notes',
  ] as const) {
    if (input[key] !== undefined) part.set(key, input[key]);
  }
  part.updatedAt = cx.now;
  await part.save({ transaction: cx.tx });
  if (input.partId !== undefined || input.quantity !== undefined) await syncLineStock(cx, part);
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.part_updated',
    entityType: 'repair_order',
    entityId: order.id,
    before: { lineId, ...before },
    after: { lineId, ...partAudit(part) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id });
  return part;
}

export async function removePart(cx: CommandContext, orderId: string, lineId: string): Promise<void> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const part = await partOfOrder(cx, order.id, lineId);
  await releaseBeforeRemoval(cx, part);
  await part.destroy({ transaction: cx.tx });
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.part_removed',
    entityType: 'repair_order',
    entityId: order.id,
    before: { lineId, ...partAudit(part) },
  });
  cx.emit({ type: 'order.lines_changed', orderId: order.id, removedPartLineId: lineId });
}
