import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { hashToken, newId, newToken } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { normalizePhone } from '../../workshop/rules/phone.ts';
import { assertCustomerVisible, assertDealVisible } from '../crm.policy.ts';
import { execute, selectOne } from '../db.ts';
import { createDeal } from './deals.ts';
import { assertUser, openDealsOfCustomer, resolveSource } from './deal-support.ts';
import { customersByPhone } from './leads.ts';
import { createRuleTask, resolveAssignee } from './tasks.ts';

/** A number as a PBX sends it ("79161234567", "+7 916…", "89161234567") in E.164, or null. */
export function normalizeExternalNumber(raw: string | null | undefined, region: string): string | null {
  if (!raw) return null;
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 6) return null;
  const direct = normalizePhone(raw, region);
  if (direct.ok) return direct.e164;
  const plus = normalizePhone(`+${digits}`, region);
  return plus.ok ? plus.e164 : null;
}

export interface CallRow {
  id: string;
  kind: 'call' | 'walk_in';
  direction: 'in' | 'out' | null;
  missed: boolean;
  phone_e164: string | null;
  customer_id: string | null;
  deal_id: string | null;
  manager_id: string | null;
  channel_id: string | null;
  campaign_id: string | null;
  started_at: Date;
  deleted_at: Date | null;
}

async function sourceOfLine(cx: CommandContext, lineE164: string | null) {
  if (!lineE164) return null;
  return selectOne<{ channel_id: string; campaign_id: string | null }>(
    cx,
    `SELECT channel_id, campaign_id FROM call_tracking_numbers WHERE e164 = :lineE164`,
    { lineE164 },
  );
}

/**
 * A missed incoming call becomes work: the caller's open deal (or a new one in the first stage) gets
 * a "call back" task from the rule `call.missed`, unless such a task is still open on it.
 */
async function handleMissedCall(cx: CommandContext, callId: string): Promise<void> {
  const call = await selectOne<CallRow>(cx, `SELECT * FROM crm_calls WHERE id = :callId`, { callId });
  if (!call || !call.missed || call.direction !== 'in' || !call.phone_e164) return;
  let dealId = call.deal_id;
  let owner: string | null = null;
  if (!dealId && call.customer_id) {
    const open = await openDealsOfCustomer(cx, call.customer_id);
    dealId = open[0]?.id ?? null;
    owner = open[0]?.owner_id ?? null;
  }
  if (!dealId) {
    // An unknown number that called before: its earlier call's deal, while still open.
    const earlier = await selectOne<{ id: string; owner_id: string | null }>(
      cx,
      `SELECT d.id, d.owner_id FROM crm_calls k JOIN deals d ON d.id = k.deal_id
        WHERE k.phone_e164 = :phone AND k.id <> :callId AND d.status = 'open' AND d.deleted_at IS NULL
        ORDER BY k.started_at DESC LIMIT 1`,
      { phone: call.phone_e164, callId },
    );
    dealId = earlier?.id ?? null;
    owner = earlier?.owner_id ?? null;
  }
  if (!dealId) {
    const customer = call.customer_id
      ? await selectOne<{ owner_id: string | null; name: string }>(
          cx,
          `SELECT owner_id, name FROM customers WHERE id = :id`,
          {
            id: call.customer_id,
          },
        )
      : null;
    owner = await resolveAssignee(cx, [customer?.owner_id]);
    const deal = await createDeal(
      { ...cx, actor: { type: 'system', id: null, name: cx.actor.name } },
      {
        title: `Missed call from ${customer?.name ?? call.phone_e164}`,
        customerId: call.customer_id,
        ownerId: owner,
        channelId: call.channel_id,
        campaignId: call.campaign_id,
      },
    );
    dealId = deal.id;
  }
  await execute(cx, `UPDATE crm_calls SET deal_id = :dealId WHERE id = :callId`, { dealId, callId });
  const openTask = await selectOne(
    cx,
    `SELECT 1 AS ok FROM crm_tasks WHERE deal_id = :dealId AND rule_code = 'call.missed' AND status = 'open' AND deleted_at IS NULL`,
    { dealId },
  );
  if (!openTask)
    await createRuleTask(cx, 'call.missed', {
      dealId,
      callId,
      customerId: call.customer_id,
      preferredAssignees: [owner, call.manager_id],
    });
}

export interface RecordCallInput {
  kind: 'call' | 'walk_in';
  direction?: 'in' | 'out' | null;
  startedAt?: Date;
  durationSeconds?: number;
  missed?: boolean;
  phone?: string | null;
  customerId?: string | null;
  dealId?: string | null;
  channelId?: string | null;
  campaignId?: string | null;
  targetGroup?: string | null;
  status?: 'customer' | 'potential' | 'directed' | null;
  managerId?: string | null;
  outcome?: string | null;
  purpose?: string | null;
  complaint?: boolean;
  recordingRef?: string | null;
  note?: string | null;
  createDeal?: boolean;
}

/** A call or a walk-in entered at the desk. The customer is found by the number when not given. */
export async function recordCall(cx: CommandContext, input: RecordCallInput): Promise<string> {
  const direction = input.kind === 'call' ? (input.direction ?? 'in') : null;
  let customerId = input.customerId ?? null;
  if (customerId) {
    const customer = await selectOne<{ owner_id: string | null }>(
      cx,
      `SELECT owner_id FROM customers WHERE id = :customerId`,
      {
        customerId,
      },
    );
    if (!customer) throw badRequest('customerId: no such customer', 'customerId');
    assertCustomerVisible(cx.actor, customer);
  } else if (input.phone) {
    const matches = await customersByPhone(cx, input.phone);
    if (matches.length === 1) customerId = matches[0]!.id;
  }
  if (input.dealId) {
    const deal = await selectOne<{ owner_id: string | null }>(
      cx,
      `SELECT owner_id FROM deals WHERE id = :id`,
      { id: input.dealId },
    );
    if (!deal) throw badRequest('dealId: no such deal', 'dealId');
    assertDealVisible(cx.actor, deal);
  }
  const managerId = input.managerId !== undefined ? input.managerId : actorUserId(cx.actor);
  if (managerId) await assertUser(cx, managerId, 'managerId');
  const source = await resolveSource(cx, input.channelId, input.campaignId);
  const id = newId();
  const startedAt = input.startedAt ?? cx.now;
  const duration = input.durationSeconds ?? 0;
  await execute(
    cx,
    `INSERT INTO crm_calls (id, kind, direction, started_at, ended_at, duration_seconds, phone_e164, phone_raw, customer_id, deal_id,
                            channel_id, campaign_id, target_group, status, manager_id, outcome, purpose, missed, complaint,
                            recording_ref, note, created_by, created_at, updated_at)
     VALUES (:id, :kind, :direction, :startedAt, :endedAt, :duration, :phone, :phone, :customerId, :dealId,
             :channelId, :campaignId, :targetGroup, :status, :managerId, :outcome, :purpose, :missed, :complaint,
             :recordingRef, :note, :by, :now, :now)`,
    {
      id,
      kind: input.kind,
      direction,
      startedAt,
      endedAt: new Date(startedAt.getTime() + duration * 1000),
      duration,
      phone: input.phone ?? null,
      customerId,
      dealId: input.dealId ?? null,
      ...source,
      targetGroup: input.targetGroup ?? null,
      status: input.status ?? (customerId ? 'customer' : 'potential'),
      managerId,
      outcome: input.outcome ?? null,
      purpose: input.purpose ?? null,
      missed: input.kind === 'call' && (input.missed ?? false),
      complaint: input.complaint ?? false,
      recordingRef: input.recordingRef ?? null,
      note: input.note ?? null,
      by: actorUserId(cx.actor),
      now: cx.now,
    },
  );
  if (input.createDeal && !input.dealId) {
    const deal = await createDeal(cx, {
      title: input.purpose ?? (input.kind === 'walk_in' ? 'Walk-in visit' : 'Phone request'),
      customerId,
      channelId: source.channelId,
      campaignId: source.campaignId,
    });
    await execute(cx, `UPDATE crm_calls SET deal_id = :dealId WHERE id = :id`, { dealId: deal.id, id });
  }
  await recordAudit(cx, {
    action: input.kind === 'walk_in' ? 'walk_in.recorded' : 'call.recorded',
    entityType: 'crm_call',
    entityId: id,
    after: {
      direction,
      phone: input.phone ?? null,
      customerId,
      missed: input.missed ?? false,
      complaint: input.complaint ?? false,
    },
  });
  await handleMissedCall(cx, id);
  cx.emit({ type: 'crm.call.recorded', callId: id, customerId, missed: input.missed ?? false });
  return id;
}

export interface PbxCallInput {
  callId: string;
  direction: 'in' | 'out';
  from: string;
  to: string;
  extension?: string | null;
  startedAt: Date;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  durationSeconds?: number;
  status: 'answered' | 'missed' | 'busy' | 'failed';
  recording?: string | null;
}

/**
 * A call reported by the PBX (webhook or AMI). The same PBX call id updates the same row, so retries
 * and the AMI's two reports (hang-up, then CDR) never make two calls. Returns the call and whether it was new.
 */
export async function recordPbxCall(
  cx: CommandContext,
  pbxId: string,
  input: PbxCallInput,
  region: string,
): Promise<{ id: string; created: boolean }> {
  const external = input.direction === 'in' ? input.from : input.to;
  const line = input.direction === 'in' ? input.to : input.from;
  const phone = normalizeExternalNumber(external, region);
  const lineE164 = normalizeExternalNumber(line, region);
  const matches = phone ? await customersByPhone(cx, phone) : [];
  const customerId = matches.length === 1 ? matches[0]!.id : null;
  const extension = input.extension ?? (input.direction === 'out' ? input.from : null);
  const manager = extension
    ? await selectOne<{ user_id: string }>(
        cx,
        `SELECT user_id FROM pbx_extensions WHERE extension = :extension`,
        { extension },
      )
    : null;
  const source = input.direction === 'in' ? await sourceOfLine(cx, lineE164) : null;
  const answeredAt = input.status === 'answered' ? (input.answeredAt ?? input.startedAt) : null;
  const endedAt = input.endedAt ?? null;
  const duration =
    input.durationSeconds ??
    (answeredAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0);
  const ring = Math.max(
    0,
    Math.round(((answeredAt ?? endedAt ?? input.startedAt).getTime() - input.startedAt.getTime()) / 1000),
  );
  const row = await selectOne<{ id: string; created: boolean }>(
    cx,
    `INSERT INTO crm_calls (id, kind, direction, started_at, answered_at, ended_at, duration_seconds, ring_seconds, phone_e164, phone_raw,
                            line_e164, customer_id, channel_id, campaign_id, status, manager_id, missed, recording_ref, pbx_id,
                            external_id, created_at, updated_at)
     VALUES (:id, 'call', :direction, :startedAt, :answeredAt, :endedAt, :duration, :ring, :phone, :phoneRaw,
             :lineE164, :customerId, :channelId, :campaignId, :status, :managerId, :missed, :recording, :pbxId,
             :externalId, :now, :now)
     ON CONFLICT (pbx_id, external_id) DO UPDATE SET
       answered_at = coalesce(EXCLUDED.answered_at, crm_calls.answered_at),
       ended_at = coalesce(EXCLUDED.ended_at, crm_calls.ended_at),
       duration_seconds = greatest(EXCLUDED.duration_seconds, crm_calls.duration_seconds),
       manager_id = coalesce(crm_calls.manager_id, EXCLUDED.manager_id),
       recording_ref = coalesce(EXCLUDED.recording_ref, crm_calls.recording_ref),
       missed = EXCLUDED.missed AND crm_calls.missed,
       updated_at = EXCLUDED.updated_at
     RETURNING id, (xmax = 0) AS created`,
    {
      id: newId(),
      direction: input.direction,
      startedAt: input.startedAt,
      answeredAt,
      endedAt,
      duration,
      ring,
      phone,
      phoneRaw: external || null,
      lineE164,
      customerId,
      channelId: source?.channel_id ?? null,
      campaignId: source?.campaign_id ?? null,
      status: customerId ? 'customer' : 'potential',
      managerId: manager?.user_id ?? null,
      missed: input.direction === 'in' && input.status !== 'answered',
      recording: input.recording ?? null,
      pbxId,
      externalId: input.callId,
      now: cx.now,
    },
  );
  await execute(cx, `UPDATE pbx_endpoints SET last_seen_at = :now WHERE id = :pbxId`, { now: cx.now, pbxId });
  if (row!.created) {
    await recordAudit(cx, {
      action: 'call.recorded',
      entityType: 'crm_call',
      entityId: row!.id,
      after: { pbxId, externalId: input.callId, direction: input.direction, phone, status: input.status },
    });
    cx.emit({ type: 'crm.call.recorded', callId: row!.id, customerId, missed: input.status !== 'answered' });
  }
  await handleMissedCall(cx, row!.id);
  return { id: row!.id, created: row!.created };
}

export async function updateCall(
  cx: CommandContext,
  id: string,
  input: Partial<RecordCallInput>,
): Promise<void> {
  const call = await selectOne<CallRow>(cx, `SELECT * FROM crm_calls WHERE id = :id FOR UPDATE`, { id });
  if (!call || call.deleted_at) throw notFound('Call');
  if (call.customer_id) {
    const customer = await selectOne<{ owner_id: string | null }>(
      cx,
      `SELECT owner_id FROM customers WHERE id = :id`,
      {
        id: call.customer_id,
      },
    );
    if (customer) assertCustomerVisible(cx.actor, customer);
  }
  const sets: string[] = [];
  const values: Record<string, unknown> = { id, now: cx.now };
  const columns: Record<string, string> = {
    customerId: 'customer_id',
    dealId: 'deal_id',
    targetGroup: 'target_group',
    status: 'status',
    managerId: 'manager_id',
    outcome: 'outcome',
    purpose: 'purpose',
    complaint: 'complaint',
    recordingRef: 'recording_ref',
    note: 'note',
    phone: 'phone_e164',
  };
  for (const [key, column] of Object.entries(columns)) {
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) {
      sets.push(`${column} = :${key}`);
      values[key] = value;
    }
  }
  if (input.channelId !== undefined || input.campaignId !== undefined) {
    const source = await resolveSource(cx, input.channelId, input.campaignId);
    sets.push('channel_id = :channelId', 'campaign_id = :campaignId');
    Object.assign(values, source);
  }
  if (input.managerId) await assertUser(cx, input.managerId, 'managerId');
  if (sets.length === 0) throw badRequest('give at least one field to change');
  await execute(cx, `UPDATE crm_calls SET ${sets.join(', ')}, updated_at = :now WHERE id = :id`, values);
  await recordAudit(cx, { action: 'call.updated', entityType: 'crm_call', entityId: id, after: input });
}

export async function deleteCall(cx: CommandContext, id: string, reason: string): Promise<void> {
  const call = await selectOne<CallRow>(cx, `SELECT * FROM crm_calls WHERE id = :id FOR UPDATE`, { id });
  if (!call || call.deleted_at) throw notFound('Call');
  await execute(
    cx,
    `UPDATE crm_calls SET deleted_at = :now, deleted_reason = :reason, deleted_by = :by WHERE id = :id`,
    {
      id,
      now: cx.now,
      reason,
      by: actorUserId(cx.actor),
    },
  );
  await recordAudit(cx, {
    action: 'call.deleted',
    entityType: 'crm_call',
    entityId: id,
    before: { phone: call.phone_e164, startedAt: call.started_at, kind: call.kind },
    after: { reason },
  });
}

/** A PBX endpoint and its token (shown once; only its hash is kept). */
export async function createPbxEndpoint(
  cx: CommandContext,
  input: { name: string; kind: 'webhook' | 'asterisk' },
): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = newToken();
  await execute(
    cx,
    `INSERT INTO pbx_endpoints (id, name, kind, token_hash, created_at) VALUES (:id, :name, :kind, :hash, :now)`,
    { id, name: input.name, kind: input.kind, hash: hashToken(token), now: cx.now },
  );
  await recordAudit(cx, { action: 'pbx.created', entityType: 'pbx_endpoint', entityId: id, after: input });
  return { id, token };
}

export async function revokePbxEndpoint(cx: CommandContext, id: string): Promise<void> {
  const row = await selectOne<{ active: boolean }>(
    cx,
    `SELECT active FROM pbx_endpoints WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!row) throw notFound('PBX');
  if (!row.active) throw conflict('The PBX token is revoked already');
  await execute(cx, `UPDATE pbx_endpoints SET active = false WHERE id = :id`, { id });
  await recordAudit(cx, { action: 'pbx.revoked', entityType: 'pbx_endpoint', entityId: id });
}

export async function setPbxExtension(
  cx: CommandContext,
  input: { extension: string; userId: string },
): Promise<void> {
  await assertUser(cx, input.userId, 'userId');
  await execute(
    cx,
    `INSERT INTO pbx_extensions (extension, user_id) VALUES (:extension, :userId) ON CONFLICT (extension) DO UPDATE SET user_id = EXCLUDED.user_id`,
    input,
  );
  await recordAudit(cx, {
    action: 'pbx.extension_set',
    entityType: 'pbx_extension',
    entityId: null,
    after: input,
  });
}
