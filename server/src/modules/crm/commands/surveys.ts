import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { hashToken, newId, newToken } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { execute, selectOne } from '../db.ts';
import { loadCrmSettings } from '../queries/settings.ts';

/**
 * A survey is due after each handed-over order: the call centre enters the answer, or the customer
 * answers through a one-time link on the LAN (/survey/<token>; only the token's hash is stored). The
 * link is handed to the notifications module in the `crm.survey.requested` event — in-process only,
 * never forwarded to browsers. The department is the kind of work of the order's largest labour line.
 */
export async function createSurveyForOrder(cx: CommandContext, orderId: string): Promise<string | null> {
  const order = await selectOne<{ customer_id: string; advisor_id: string | null; number: string }>(
    cx,
    `SELECT customer_id, advisor_id, number FROM repair_orders WHERE id = :orderId`,
    { orderId },
  );
  if (!order) return null;
  const exists = await selectOne(cx, `SELECT 1 AS ok FROM surveys WHERE order_id = :orderId`, { orderId });
  if (exists) return null;
  const kind = await selectOne<{ job_kind: string | null }>(
    cx,
    `SELECT job_kind FROM order_jobs WHERE order_id = :orderId AND job_kind IS NOT NULL
      ORDER BY net_minor DESC, position LIMIT 1`,
    { orderId },
  );
  const settings = await loadCrmSettings(cx);
  const token = newToken();
  const id = newId();
  const dueAt = new Date(cx.now.getTime() + settings.surveyDelaySeconds * 1000);
  await execute(
    cx,
    `INSERT INTO surveys (id, order_id, customer_id, advisor_id, department, status, due_at, token_hash, token_expires_at, created_at)
     VALUES (:id, :orderId, :customerId, :advisorId, :department, 'pending', :dueAt, :tokenHash, :expires, :now)`,
    {
      id,
      orderId,
      customerId: order.customer_id,
      advisorId: order.advisor_id,
      department: kind?.job_kind ?? 'general',
      dueAt,
      tokenHash: hashToken(token),
      expires: new Date(cx.now.getTime() + settings.surveyLinkDays * 86_400_000),
      now: cx.now,
    },
  );
  cx.emit({
    type: 'crm.survey.requested',
    surveyId: id,
    orderId,
    orderNumber: order.number,
    customerId: order.customer_id,
    dueAt: dueAt.toISOString(),
    linkPath: `/survey/${token}`,
  });
  return id;
}

interface SurveyRow {
  id: string;
  status: string;
  customer_id: string;
  order_id: string;
  advisor_id: string | null;
  department: string;
  token_expires_at: Date | null;
}

async function recordAnswer(
  cx: CommandContext,
  survey: SurveyRow,
  input: { score: number; comment?: string | null },
  channel: 'call_centre' | 'link',
): Promise<void> {
  if (survey.status !== 'pending') throw conflict(`The survey is ${survey.status} already`);
  await execute(
    cx,
    `UPDATE surveys SET status = 'answered', score = :score, comment = :comment, channel = :channel, answered_at = :now,
            answered_by = :by, token_hash = NULL WHERE id = :id`,
    {
      id: survey.id,
      score: input.score,
      comment: input.comment ?? null,
      channel,
      now: cx.now,
      by: actorUserId(cx.actor),
    },
  );
  await recordAudit(cx, {
    action: 'survey.answered',
    entityType: 'survey',
    entityId: survey.id,
    after: { score: input.score, channel },
  });
  cx.emit({
    type: 'crm.survey.answered',
    surveyId: survey.id,
    customerId: survey.customer_id,
    score: input.score,
  });
  // A low score opens a complaint so that somebody calls back; the survey's comment is its text.
  if (input.score <= 6) {
    await insertComplaint(cx, {
      customerId: survey.customer_id,
      orderId: survey.order_id,
      surveyId: survey.id,
      department: survey.department,
      advisorId: survey.advisor_id,
      description: input.comment?.trim() || `Survey score ${input.score}/10`,
    });
  }
}

export async function answerSurvey(
  cx: CommandContext,
  id: string,
  input: { score: number; comment?: string | null; declined?: boolean },
): Promise<void> {
  const survey = await selectOne<SurveyRow>(cx, `SELECT * FROM surveys WHERE id = :id FOR UPDATE`, { id });
  if (!survey) throw notFound('Survey');
  if (input.declined) {
    if (survey.status !== 'pending') throw conflict(`The survey is ${survey.status} already`);
    await execute(
      cx,
      `UPDATE surveys SET status = 'declined', token_hash = NULL, comment = :comment WHERE id = :id`,
      {
        id,
        comment: input.comment ?? null,
      },
    );
    await recordAudit(cx, { action: 'survey.declined', entityType: 'survey', entityId: id });
    return;
  }
  await recordAnswer(cx, survey, input, 'call_centre');
}

export async function findSurveyByToken(
  cx: Pick<CommandContext, 'sequelize'> & { tx?: CommandContext['tx'] | null },
  token: string,
  now: Date,
  lock = false,
): Promise<SurveyRow & { order_number: string }> {
  const survey = await selectOne<SurveyRow & { order_number: string }>(
    cx,
    `SELECT s.*, o.number AS order_number FROM surveys s JOIN repair_orders o ON o.id = s.order_id
      WHERE s.token_hash = :hash ${lock ? 'FOR UPDATE OF s' : ''}`,
    { hash: hashToken(token) },
  );
  if (!survey || !survey.token_expires_at || new Date(survey.token_expires_at).getTime() < now.getTime())
    throw notFound('Survey');
  return survey;
}

export async function answerSurveyByToken(
  cx: CommandContext,
  token: string,
  input: { score: number; comment?: string | null },
): Promise<void> {
  const survey = await findSurveyByToken(cx, token, cx.now, true);
  await recordAnswer(cx, survey, input, 'link');
}

export async function insertComplaint(
  cx: CommandContext,
  input: {
    customerId: string;
    orderId?: string | null;
    dealId?: string | null;
    callId?: string | null;
    surveyId?: string | null;
    department?: string | null;
    advisorId?: string | null;
    description: string;
  },
): Promise<string> {
  const id = newId();
  const department = input.department;
  let advisorId = input.advisorId;
  if (input.orderId && (department === undefined || advisorId === undefined)) {
    const order = await selectOne<{ advisor_id: string | null }>(
      cx,
      `SELECT advisor_id FROM repair_orders WHERE id = :id`,
      {
        id: input.orderId,
      },
    );
    if (!order) throw badRequest('orderId: no such order', 'orderId');
    advisorId = advisorId ?? order.advisor_id;
  }
  await execute(
    cx,
    `INSERT INTO complaints (id, customer_id, order_id, deal_id, call_id, survey_id, department, advisor_id, description, status, created_by, created_at)
     VALUES (:id, :customerId, :orderId, :dealId, :callId, :surveyId, :department, :advisorId, :description, 'open', :by, :now)`,
    {
      id,
      customerId: input.customerId,
      orderId: input.orderId ?? null,
      dealId: input.dealId ?? null,
      callId: input.callId ?? null,
      surveyId: input.surveyId ?? null,
      department: department ?? null,
      advisorId: advisorId ?? null,
      description: input.description,
      by: actorUserId(cx.actor),
      now: cx.now,
    },
  );
  await recordAudit(cx, { action: 'complaint.created', entityType: 'complaint', entityId: id, after: input });
  cx.emit({ type: 'crm.complaint.created', complaintId: id, customerId: input.customerId });
  return id;
}

export async function resolveComplaint(cx: CommandContext, id: string, resolution: string): Promise<void> {
  const complaint = await selectOne<{ status: string }>(
    cx,
    `SELECT status FROM complaints WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!complaint) throw notFound('Complaint');
  if (complaint.status === 'resolved') throw conflict('The complaint is resolved already');
  await execute(
    cx,
    `UPDATE complaints SET status = 'resolved', resolution = :resolution, resolved_at = :now, resolved_by = :by WHERE id = :id`,
    { id, resolution, now: cx.now, by: actorUserId(cx.actor) },
  );
  await recordAudit(cx, {
    action: 'complaint.resolved',
    entityType: 'complaint',
    entityId: id,
    after: { resolution },
  });
}
