import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select, selectOne, type Executor } from '../db.ts';
import type { StageKind } from '../rules/stage-automation.ts';

export interface DealRow {
  id: string;
  number: string;
  title: string;
  pipeline_id: string;
  stage_id: string;
  status: StageKind;
  customer_id: string | null;
  vehicle_id: string | null;
  owner_id: string | null;
  channel_id: string | null;
  campaign_id: string | null;
  expected_minor: string;
  job_kind: string | null;
  lead_id: string | null;
  lost_reason_id: string | null;
  lost_note: string | null;
  stage_entered_at: Date;
  manual_floor_position: number | null;
  last_manual_move_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  deleted_reason: string | null;
}

export interface StageRow {
  id: string;
  pipeline_id: string;
  code: string;
  name: string;
  position: number;
  kind: StageKind;
  active: boolean;
}

export async function lockDeal(cx: CommandContext, id: string): Promise<DealRow> {
  const deal = await selectOne<DealRow>(cx, `SELECT * FROM deals WHERE id = :id FOR UPDATE`, { id });
  if (!deal) throw notFound('Deal');
  return deal;
}

export async function stageById(ex: Executor, id: string): Promise<StageRow | null> {
  return selectOne<StageRow>(ex, `SELECT * FROM pipeline_stages WHERE id = :id`, { id });
}

export async function stageByCode(ex: Executor, pipelineId: string, code: string): Promise<StageRow | null> {
  return selectOne<StageRow>(
    ex,
    `SELECT * FROM pipeline_stages WHERE pipeline_id = :pipelineId AND code = :code`,
    {
      pipelineId,
      code,
    },
  );
}

export async function defaultPipelineId(ex: Executor): Promise<string> {
  const row = await selectOne<{ id: string }>(
    ex,
    `SELECT id FROM pipelines WHERE active ORDER BY is_default DESC, created_at LIMIT 1`,
  );
  if (!row) throw notFound('Pipeline');
  return row.id;
}

export async function firstOpenStage(ex: Executor, pipelineId: string): Promise<StageRow> {
  const stage = await selectOne<StageRow>(
    ex,
    `SELECT * FROM pipeline_stages WHERE pipeline_id = :pipelineId AND kind = 'open' AND active ORDER BY position LIMIT 1`,
    { pipelineId },
  );
  if (!stage) throw notFound('Open stage of the pipeline');
  return stage;
}

export async function nextDealNumber(ex: Executor): Promise<string> {
  const row = await selectOne<{ n: string }>(ex, `SELECT nextval('deal_numbers') AS n`);
  return `D-${String(row!.n).padStart(6, '0')}`;
}

/** The channel of a campaign, and a check that a given pair belongs together. */
export async function resolveSource(
  ex: Executor,
  channelId: string | null | undefined,
  campaignId: string | null | undefined,
): Promise<{ channelId: string | null; campaignId: string | null }> {
  if (campaignId) {
    const campaign = await selectOne<{ channel_id: string }>(
      ex,
      `SELECT channel_id FROM ad_campaigns WHERE id = :campaignId`,
      {
        campaignId,
      },
    );
    if (!campaign) throw badRequest('campaignId: no such campaign', 'campaignId');
    if (channelId && channelId !== campaign.channel_id)
      throw badRequest('campaignId: the campaign belongs to another channel', 'campaignId');
    return { channelId: campaign.channel_id, campaignId };
  }
  if (channelId) {
    const channel = await selectOne(ex, `SELECT 1 AS ok FROM ad_channels WHERE id = :channelId`, {
      channelId,
    });
    if (!channel) throw badRequest('channelId: no such channel', 'channelId');
  }
  return { channelId: channelId ?? null, campaignId: null };
}

export async function assertUser(ex: Executor, userId: string, field: string): Promise<void> {
  const row = await selectOne(ex, `SELECT 1 AS ok FROM users WHERE id = :userId AND active`, { userId });
  if (!row) throw badRequest(`${field}: no such active user`, field);
}

export interface StageChange {
  cause: 'created' | 'manual' | 'automatic' | 'reopened';
  trigger?: string | null;
  note?: string | null;
  lostReasonId?: string | null;
  lostNote?: string | null;
}

/**
 * Puts the deal in a stage: status follows the stage's kind, the time in stage restarts, a manual
 * move sets the manual floor (see rules/stage-automation.ts), the history gets a row, and
 * `crm.deal.stage_changed` is published after the commit.
 */
export async function changeStage(
  cx: CommandContext,
  deal: DealRow,
  to: StageRow,
  change: StageChange,
): Promise<void> {
  const manual = change.cause === 'manual' || change.cause === 'reopened';
  await execute(
    cx,
    `UPDATE deals SET stage_id = :stageId, status = :status, stage_entered_at = :now::timestamptz,
            closed_at = CASE WHEN :status::text = 'open' THEN NULL ELSE :now::timestamptz END,
            lost_reason_id = :lostReasonId, lost_note = :lostNote,
            manual_floor_position = CASE WHEN :manual::boolean THEN :position::integer ELSE manual_floor_position END,
            last_manual_move_at = CASE WHEN :manual::boolean THEN :now::timestamptz ELSE last_manual_move_at END,
            updated_at = :now
      WHERE id = :id`,
    {
      id: deal.id,
      stageId: to.id,
      status: to.kind,
      now: cx.now,
      lostReasonId: to.kind === 'lost' ? (change.lostReasonId ?? null) : null,
      lostNote: to.kind === 'lost' ? (change.lostNote ?? null) : null,
      manual,
      position: to.position,
    },
  );
  await insertHistory(cx, deal.id, deal.stage_id === to.id ? null : deal.stage_id, to.id, change);
  cx.emit({
    type: 'crm.deal.stage_changed',
    dealId: deal.id,
    number: deal.number,
    ownerId: deal.owner_id,
    customerId: deal.customer_id,
    fromStageId: deal.stage_id,
    toStageId: to.id,
    toStageCode: to.code,
    status: to.kind,
    cause: change.cause,
    trigger: change.trigger ?? null,
    at: cx.now.toISOString(),
  });
  deal.stage_id = to.id;
  deal.status = to.kind;
  deal.stage_entered_at = cx.now;
}

export async function insertHistory(
  cx: CommandContext,
  dealId: string,
  fromStageId: string | null,
  toStageId: string,
  change: StageChange,
): Promise<void> {
  await execute(
    cx,
    `INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, at, cause, trigger, actor_type, actor_id, actor_name, note)
     VALUES (:id, :dealId, :fromStageId, :toStageId, :at, :cause, :trigger, :actorType, :actorId, :actorName, :note)`,
    {
      id: newId(),
      dealId,
      fromStageId,
      toStageId,
      at: cx.now,
      cause: change.cause,
      trigger: change.trigger ?? null,
      actorType: cx.actor.type,
      actorId: cx.actor.id,
      actorName: cx.actor.name,
      note: change.note ?? null,
    },
  );
}

export async function openDealsOfCustomer(ex: Executor, customerId: string): Promise<DealRow[]> {
  return select<DealRow>(
    ex,
    `SELECT * FROM deals WHERE customer_id = :customerId AND status = 'open' AND deleted_at IS NULL ORDER BY created_at DESC`,
    { customerId },
  );
}
