import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, selectOne } from '../db.ts';
import { getTemplate, type TemplateRow } from '../queries/templates.ts';
import {
  isMessageKind,
  variablesOfKind,
  type ChannelKind,
  type MessageLocale,
} from '../rules/message-kinds.ts';
import { checkTemplate } from '../rules/template.ts';

/** 400 naming the field and the variable when a text does not parse or uses a variable the kind lacks. */
export function assertTemplateText(kind: string, field: string, source: string): void {
  if (!isMessageKind(kind)) throw badRequest(`kind: no such message kind ${kind}`, 'kind');
  const problem = checkTemplate(source, variablesOfKind(kind));
  if (!problem) return;
  throw badRequest(
    `${field}: ${problem.message}`,
    field,
    problem.problem === 'unknown_variable' ? { variable: problem.variable } : { position: problem.position },
  );
}

function assertTexts(
  kind: string,
  channel: ChannelKind,
  subject: string | null | undefined,
  body: string,
): void {
  if (channel === 'sms' && subject) throw badRequest('subject: an SMS has no subject', 'subject');
  assertTemplateText(kind, 'body', body);
  if (subject) assertTemplateText(kind, 'subject', subject);
}

export async function createTemplate(
  cx: CommandContext,
  input: { kind: string; channel: ChannelKind; locale: MessageLocale; subject?: string | null; body: string },
): Promise<TemplateRow> {
  assertTexts(input.kind, input.channel, input.subject, input.body);
  const exists = await selectOne(
    cx,
    `SELECT 1 AS one FROM notification_templates WHERE kind = :kind AND channel = :channel AND locale = :locale`,
    input,
  );
  if (exists)
    throw conflict(`A ${input.channel} template for ${input.kind} in ${input.locale} exists: edit it`);
  const id = newId();
  await execute(
    cx,
    `INSERT INTO notification_templates (id, kind, channel, locale, subject, body, updated_at, updated_by_name)
     VALUES (:id, :kind, :channel, :locale, :subject, :body, :now, :actor)`,
    { id, ...input, subject: input.subject ?? null, now: cx.now, actor: cx.actor.name },
  );
  const row = (await getTemplate(cx, id))!;
  await recordAudit(cx, {
    action: 'notification_template.created',
    entityType: 'notification_template',
    entityId: id,
    after: row,
  });
  return row;
}

export async function updateTemplate(
  cx: CommandContext,
  id: string,
  input: { subject?: string | null; body?: string },
): Promise<TemplateRow> {
  const before = await selectOne<TemplateRow>(
    cx,
    `SELECT * FROM notification_templates WHERE id = :id FOR UPDATE`,
    { id },
  );
  if (!before) throw notFound('Template');
  const subject = input.subject !== undefined ? input.subject : before.subject;
  const body = input.body ?? before.body;
  assertTexts(before.kind, before.channel, subject, body);
  await execute(
    cx,
    `UPDATE notification_templates SET subject = :subject, body = :body, updated_at = :now, updated_by_name = :actor WHERE id = :id`,
    { id, subject: subject || null, body, now: cx.now, actor: cx.actor.name },
  );
  const after = (await getTemplate(cx, id))!;
  await recordAudit(cx, {
    action: 'notification_template.updated',
    entityType: 'notification_template',
    entityId: id,
    before: { subject: before.subject, body: before.body },
    after: { subject: after.subject, body: after.body },
  });
  return after;
}
