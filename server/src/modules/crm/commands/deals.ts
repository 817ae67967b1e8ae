import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { assertCustomerVisible, assertDealVisible, ownScope } from '../crm.policy.ts';
import { execute, int, selectOne } from '../db.ts';
import { manualMoveProblem } from '../rules/stage-automation.ts';
import {
  assertUser,
  changeStage,
  defaultPipelineId,
  firstOpenStage,
  insertHistory,
  lockDeal,
  nextDealNumber,
  resolveSource,
  stageById,
  type DealRow,
} from './deal-support.ts';

export interface CreateDealInput {
  title: string;
  pipelineId?: string;
  stageId?: string;
  customerId?: string | null;
  vehicleId?: string | null;
  ownerId?: string | null;
  channelId?: string | null;
  campaignId?: string | null;
  expectedMinor?: number;
  jobKind?: string | null;
  leadId?: string | null;
}

async function checkCustomerAndVehicle(
  cx: CommandContext,
  customerId: string | null | undefined,
  vehicleId: string | null | undefined,
): Promise<void> {
  if (customerId) {
    const customer = await selectOne<{ owner_id: string | null; merged_into_id: string | null }>(
      cx,
      `SELECT owner_id, merged_into_id FROM customers WHERE id = :customerId`,
      { customerId },
    );
    if (!customer) throw badRequest('customerId: no such customer', 'customerId');
    if (customer.merged_into_id)
      throw conflict('The customer was merged into another record', undefined, 'customerId');
    assertCustomerVisible(cx.actor, customer);
  }
  if (vehicleId) {
    const vehicle = await selectOne<{ customer_id: string | null }>(
      cx,
      `SELECT customer_id FROM vehicles WHERE id = :vehicleId`,
      {
        vehicleId,
      },
    );
    if (!vehicle) throw badRequest('vehicleId: no such vehicle', 'vehicleId');
    if (customerId && vehicle.customer_id !== customerId)
      throw badRequest('vehicleId: the vehicle belongs to another customer', 'vehicleId');
  }
}

function ownerFor(cx: CommandContext, ownerId: string | null | undefined): string | null {
  const own = ownScope(cx.actor);
  if (own !== null && ownerId !== undefined && ownerId !== own)
    throw forbidden('With your scope, the deals you create are your own');
  return ownerId !== undefined ? ownerId : actorUserId(cx.actor);
}

export async function createDeal(cx: CommandContext, input: CreateDealInput): Promise<DealRow> {
  const ownerId = ownerFor(cx, input.ownerId);
  if (ownerId) await assertUser(cx, ownerId, 'ownerId');
  const pipelineId = input.pipelineId ?? (await defaultPipelineId(cx));
  let stage = input.stageId ? await stageById(cx, input.stageId) : await firstOpenStage(cx, pipelineId);
  if (!stage || stage.pipeline_id !== pipelineId)
    throw badRequest('stageId: not a stage of the pipeline', 'stageId');
  if (stage.kind !== 'open' || !stage.active)
    throw badRequest('stageId: a deal starts in an active open stage', 'stageId');
  stage = stage!;
  await checkCustomerAndVehicle(cx, input.customerId, input.vehicleId);
  const source = await resolveSource(cx, input.channelId, input.campaignId);
  const id = newId();
  const number = await nextDealNumber(cx);
  await execute(
    cx,
    `INSERT INTO deals (id, number, title, pipeline_id, stage_id, status, customer_id, vehicle_id, owner_id, channel_id,
                        campaign_id, expected_minor, job_kind, lead_id, stage_entered_at, created_by, created_at, updated_at)
     VALUES (:id, :number, :title, :pipelineId, :stageId, 'open', :customerId, :vehicleId, :ownerId, :channelId,
             :campaignId, :expectedMinor, :jobKind, :leadId, :now, :createdBy, :now, :now)`,
    {
      id,
      number,
      title: input.title,
      pipelineId,
      stageId: stage.id,
      customerId: input.customerId ?? null,
      vehicleId: input.vehicleId ?? null,
      ownerId,
      channelId: source.channelId,
      campaignId: source.campaignId,
      expectedMinor: input.expectedMinor ?? 0,
      jobKind: input.jobKind ?? null,
      leadId: input.leadId ?? null,
      now: cx.now,
      createdBy: actorUserId(cx.actor),
    },
  );
  await insertHistory(cx, id, null, stage.id, { cause: 'created' });
  const deal = (await selectOne<DealRow>(cx, `SELECT * FROM deals WHERE id = :id`, { id }))!;
  await recordAudit(cx, {
    action: 'deal.created',
    entityType: 'deal',
    entityId: id,
    after: {
      number,
      title: input.title,
      stage: stage.code,
      customerId: deal.customer_id,
      ownerId,
      ...source,
    },
  });
  cx.emit({
    type: 'crm.deal.created',
    dealId: id,
    number,
    ownerId,
    customerId: deal.customer_id,
    stageId: stage.id,
  });
  return deal;
}

export type UpdateDealInput = Omit<CreateDealInput, 'pipelineId' | 'stageId' | 'leadId' | 'title'> & {
  title?: string;
};

export async function updateDeal(cx: CommandContext, id: string, input: UpdateDealInput): Promise<DealRow> {
  const deal = await lockDeal(cx, id);
  assertDealVisible(cx.actor, deal);
  if (deal.deleted_at) throw conflict('The deal was deleted');
  if (input.ownerId !== undefined) {
    ownerFor(cx, input.ownerId);
    if (input.ownerId) await assertUser(cx, input.ownerId, 'ownerId');
  }
  const customerId = input.customerId !== undefined ? input.customerId : deal.customer_id;
  const vehicleId = input.vehicleId !== undefined ? input.vehicleId : deal.vehicle_id;
  if (input.customerId !== undefined || input.vehicleId !== undefined)
    await checkCustomerAndVehicle(cx, input.customerId !== undefined ? customerId : null, vehicleId);
  const source =
    input.channelId !== undefined || input.campaignId !== undefined
      ? await resolveSource(
          cx,
          input.channelId !== undefined ? input.channelId : deal.channel_id,
          input.campaignId !== undefined
            ? input.campaignId
            : input.channelId !== undefined
              ? null
              : deal.campaign_id,
        )
      : { channelId: deal.channel_id, campaignId: deal.campaign_id };
  const next = {
    title: input.title ?? deal.title,
    customerId,
    vehicleId,
    ownerId: input.ownerId !== undefined ? input.ownerId : deal.owner_id,
    channelId: source.channelId,
    campaignId: source.campaignId,
    expectedMinor: input.expectedMinor ?? int(deal.expected_minor),
    jobKind: input.jobKind !== undefined ? input.jobKind : deal.job_kind,
  };
  await execute(
    cx,
    `UPDATE deals SET title = :title, customer_id = :customerId, vehicle_id = :vehicleId, owner_id = :ownerId,
            channel_id = :channelId, campaign_id = :campaignId, expected_minor = :expectedMinor, job_kind = :jobKind,
            updated_at = :now WHERE id = :id`,
    { ...next, id, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'deal.updated',
    entityType: 'deal',
    entityId: id,
    before: {
      title: deal.title,
      customerId: deal.customer_id,
      vehicleId: deal.vehicle_id,
      ownerId: deal.owner_id,
      channelId: deal.channel_id,
      campaignId: deal.campaign_id,
      expectedMinor: int(deal.expected_minor),
      jobKind: deal.job_kind,
    },
    after: next,
  });
  cx.emit({ type: 'crm.deal.updated', dealId: id, ownerId: next.ownerId });
  return (await selectOne<DealRow>(cx, `SELECT * FROM deals WHERE id = :id`, { id }))!;
}

const MOVE_PROBLEMS = {
  deleted: 'The deal was deleted',
  closed: 'The deal is closed (won or lost); reopen it first',
  same_stage: 'The deal is already in this stage',
  other_pipeline: 'The stage belongs to another pipeline',
  inactive_stage: 'The stage is no longer in use',
} as const;

/** A person moves the deal: always allowed within the pipeline (it sets the manual floor); lost needs a reason. */
export async function moveDeal(
  cx: CommandContext,
  id: string,
  input: { stageId: string; lostReasonId?: string; lostNote?: string | null; note?: string | null },
): Promise<DealRow> {
  const deal = await lockDeal(cx, id);
  assertDealVisible(cx.actor, deal);
  const stage = await stageById(cx, input.stageId);
  if (!stage) throw notFound('Stage');
  const problem = manualMoveProblem(
    {
      status: deal.status,
      deleted: deal.deleted_at !== null,
      stageId: deal.stage_id,
      pipelineId: deal.pipeline_id,
    },
    { id: stage.id, pipelineId: stage.pipeline_id, active: stage.active },
  );
  if (problem) throw conflict(MOVE_PROBLEMS[problem], { problem, stageId: deal.stage_id }, 'stageId');
  if (stage.kind === 'lost') {
    if (!input.lostReasonId) throw badRequest('lostReasonId: a lost deal needs a reason', 'lostReasonId');
    const reason = await selectOne(cx, `SELECT 1 AS ok FROM lost_reasons WHERE id = :id AND active`, {
      id: input.lostReasonId,
    });
    if (!reason) throw badRequest('lostReasonId: no such reason', 'lostReasonId');
  }
  const from = deal.stage_id;
  await changeStage(cx, deal, stage, {
    cause: 'manual',
    note: input.note ?? null,
    lostReasonId: input.lostReasonId ?? null,
    lostNote: input.lostNote ?? null,
  });
  await recordAudit(cx, {
    action: 'deal.moved',
    entityType: 'deal',
    entityId: id,
    before: { stageId: from },
    after: {
      stageId: stage.id,
      stage: stage.code,
      lostReasonId: input.lostReasonId ?? null,
      note: input.note ?? null,
    },
  });
  return (await selectOne<DealRow>(cx, `SELECT * FROM deals WHERE id = :id`, { id }))!;
}

export async function reopenDeal(
  cx: CommandContext,
  id: string,
  input: { stageId?: string; note?: string | null },
): Promise<DealRow> {
  const deal = await lockDeal(cx, id);
  assertDealVisible(cx.actor, deal);
  if (deal.deleted_at) throw conflict('The deal was deleted');
  if (deal.status === 'open') throw conflict('The deal is open already');
  const stage = input.stageId
    ? await stageById(cx, input.stageId)
    : await firstOpenStage(cx, deal.pipeline_id);
  if (!stage || stage.pipeline_id !== deal.pipeline_id || stage.kind !== 'open')
    throw badRequest('stageId: reopen into an open stage of the same pipeline', 'stageId');
  await changeStage(cx, deal, stage, { cause: 'reopened', note: input.note ?? null });
  await recordAudit(cx, {
    action: 'deal.reopened',
    entityType: 'deal',
    entityId: id,
    after: { stageId: stage.id },
  });
  return (await selectOne<DealRow>(cx, `SELECT * FROM deals WHERE id = :id`, { id }))!;
}

/** Ties a repair order or an appointment to the deal (each belongs to one deal at most). */
export async function linkToDeal(
  cx: CommandContext,
  dealId: string,
  input: { orderId?: string; appointmentId?: string },
  options: { checkScope?: boolean } = {},
): Promise<void> {
  const deal = await lockDeal(cx, dealId);
  if (options.checkScope !== false) assertDealVisible(cx.actor, deal);
  if (deal.deleted_at) throw conflict('The deal was deleted');
  const target = input.orderId
    ? await selectOne<{ customer_id: string | null; vehicle_id: string | null; linked: string | null }>(
        cx,
        `SELECT o.customer_id, o.vehicle_id, d.deal_id AS linked FROM repair_orders o LEFT JOIN deal_orders d ON d.order_id = o.id WHERE o.id = :id`,
        { id: input.orderId },
      )
    : await selectOne<{ customer_id: string | null; vehicle_id: string | null; linked: string | null }>(
        cx,
        `SELECT a.customer_id, a.vehicle_id, d.deal_id AS linked FROM appointments a LEFT JOIN deal_appointments d ON d.appointment_id = a.id WHERE a.id = :id`,
        { id: input.appointmentId },
      );
  const field = input.orderId ? 'orderId' : 'appointmentId';
  if (!target) throw notFound(input.orderId ? 'Repair order' : 'Appointment');
  if (target.linked === dealId) return;
  if (target.linked) throw conflict('It is already linked to another deal', { dealId: target.linked }, field);
  if (deal.customer_id && target.customer_id && deal.customer_id !== target.customer_id)
    throw conflict('It belongs to another customer than the deal', undefined, field);
  if (input.orderId)
    await execute(cx, `INSERT INTO deal_orders (order_id, deal_id, linked_at) VALUES (:id, :dealId, :now)`, {
      id: input.orderId,
      dealId,
      now: cx.now,
    });
  else
    await execute(
      cx,
      `INSERT INTO deal_appointments (appointment_id, deal_id, linked_at) VALUES (:id, :dealId, :now)`,
      {
        id: input.appointmentId,
        dealId,
        now: cx.now,
      },
    );
  if (!deal.customer_id || !deal.vehicle_id) {
    await execute(
      cx,
      `UPDATE deals SET customer_id = coalesce(customer_id, :customerId), vehicle_id = coalesce(vehicle_id, :vehicleId), updated_at = :now WHERE id = :dealId`,
      { customerId: target.customer_id, vehicleId: target.vehicle_id, now: cx.now, dealId },
    );
  }
  await recordAudit(cx, { action: 'deal.linked', entityType: 'deal', entityId: dealId, after: input });
}

/** Soft delete: the deal stays in the database with who, when and why, and leaves every list. */
export async function deleteDeal(cx: CommandContext, id: string, reason: string): Promise<void> {
  const deal = await lockDeal(cx, id);
  assertDealVisible(cx.actor, deal);
  if (deal.deleted_at) throw conflict('The deal was deleted already');
  await execute(
    cx,
    `UPDATE deals SET deleted_at = :now, deleted_reason = :reason, deleted_by = :by, updated_at = :now WHERE id = :id`,
    { id, now: cx.now, reason, by: actorUserId(cx.actor) },
  );
  await recordAudit(cx, {
    action: 'deal.deleted',
    entityType: 'deal',
    entityId: id,
    before: { number: deal.number, title: deal.title, stageId: deal.stage_id, status: deal.status },
    after: { reason },
  });
  cx.emit({ type: 'crm.deal.deleted', dealId: id, ownerId: deal.owner_id });
}
