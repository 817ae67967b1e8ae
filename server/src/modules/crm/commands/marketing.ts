import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { execute, selectOne } from '../db.ts';
import { resolveSource } from './deal-support.ts';

async function nameTaken(
  cx: CommandContext,
  sql: string,
  replacements: Record<string, unknown>,
): Promise<boolean> {
  return (await selectOne(cx, sql, replacements)) !== null;
}

export async function createChannel(
  cx: CommandContext,
  input: { name: string; kind: string },
): Promise<string> {
  if (await nameTaken(cx, `SELECT 1 AS ok FROM ad_channels WHERE lower(name) = lower(:name)`, input))
    throw conflict('A channel with this name exists', undefined, 'name');
  const id = newId();
  await execute(cx, `INSERT INTO ad_channels (id, name, kind, created_at) VALUES (:id, :name, :kind, :now)`, {
    id,
    ...input,
    now: cx.now,
  });
  await recordAudit(cx, {
    action: 'ad_channel.created',
    entityType: 'ad_channel',
    entityId: id,
    after: input,
  });
  return id;
}

export async function updateChannel(
  cx: CommandContext,
  id: string,
  input: { name?: string; kind?: string; active?: boolean },
): Promise<void> {
  const channel = await selectOne<{ name: string; kind: string; active: boolean }>(
    cx,
    `SELECT name, kind, active FROM ad_channels WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!channel) throw notFound('Channel');
  if (
    input.name &&
    (await nameTaken(cx, `SELECT 1 AS ok FROM ad_channels WHERE lower(name) = lower(:name) AND id <> :id`, {
      id,
      name: input.name,
    }))
  )
    throw conflict('A channel with this name exists', undefined, 'name');
  const next = { ...channel, ...input };
  await execute(cx, `UPDATE ad_channels SET name = :name, kind = :kind, active = :active WHERE id = :id`, {
    id,
    ...next,
  });
  await recordAudit(cx, {
    action: 'ad_channel.updated',
    entityType: 'ad_channel',
    entityId: id,
    before: channel,
    after: next,
  });
}

export async function createCampaign(
  cx: CommandContext,
  input: { channelId: string; name: string; startsOn?: string | null; endsOn?: string | null },
): Promise<string> {
  const channel = await selectOne(cx, `SELECT 1 AS ok FROM ad_channels WHERE id = :channelId`, input);
  if (!channel) throw badRequest('channelId: no such channel', 'channelId');
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn)
    throw badRequest('endsOn: must not be before startsOn', 'endsOn');
  if (
    await nameTaken(
      cx,
      `SELECT 1 AS ok FROM ad_campaigns WHERE channel_id = :channelId AND lower(name) = lower(:name)`,
      input,
    )
  )
    throw conflict('The channel has a campaign with this name', undefined, 'name');
  const id = newId();
  await execute(
    cx,
    `INSERT INTO ad_campaigns (id, channel_id, name, starts_on, ends_on, created_at) VALUES (:id, :channelId, :name, :startsOn, :endsOn, :now)`,
    {
      id,
      channelId: input.channelId,
      name: input.name,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      now: cx.now,
    },
  );
  await recordAudit(cx, {
    action: 'ad_campaign.created',
    entityType: 'ad_campaign',
    entityId: id,
    after: input,
  });
  return id;
}

export async function recordSpend(
  cx: CommandContext,
  input: {
    channelId: string;
    campaignId?: string | null;
    periodStart: string;
    periodEnd: string;
    amountMinor: number;
    note?: string | null;
  },
): Promise<string> {
  if (input.periodEnd < input.periodStart)
    throw badRequest('periodEnd: must not be before periodStart', 'periodEnd');
  const source = await resolveSource(cx, input.channelId, input.campaignId);
  const id = newId();
  await execute(
    cx,
    `INSERT INTO ad_spends (id, channel_id, campaign_id, period_start, period_end, amount_minor, note, created_by, created_at)
     VALUES (:id, :channelId, :campaignId, :periodStart, :periodEnd, :amountMinor, :note, :by, :now)`,
    {
      id,
      ...source,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      amountMinor: input.amountMinor,
      note: input.note ?? null,
      by: actorUserId(cx.actor),
      now: cx.now,
    },
  );
  await recordAudit(cx, { action: 'ad_spend.recorded', entityType: 'ad_spend', entityId: id, after: input });
  return id;
}

export async function setTrackingNumber(
  cx: CommandContext,
  input: { number: string; channelId: string; campaignId?: string | null; label?: string | null },
): Promise<void> {
  const source = await resolveSource(cx, input.channelId, input.campaignId);
  await execute(
    cx,
    `INSERT INTO call_tracking_numbers (e164, channel_id, campaign_id, label) VALUES (:number, :channelId, :campaignId, :label)
     ON CONFLICT (e164) DO UPDATE SET channel_id = EXCLUDED.channel_id, campaign_id = EXCLUDED.campaign_id, label = EXCLUDED.label`,
    { number: input.number, ...source, label: input.label ?? null },
  );
  await recordAudit(cx, {
    action: 'tracking_number.set',
    entityType: 'call_tracking_number',
    entityId: null,
    after: input,
  });
}
