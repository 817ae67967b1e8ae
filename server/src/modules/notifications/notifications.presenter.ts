import type {
  AutomationRuleDto,
  CampaignDto,
  MessageEventDto,
  MessageTemplateDto,
  NotificationSettingsDto,
  OutboxMessageDto,
} from '../../contracts/notifications.ts';
import type { RuleRow } from './automation/rules-cache.ts';
import { iso } from './db.ts';
import type { NotificationSettings } from './queries/settings.ts';
import type { TemplateRow } from './queries/templates.ts';
import { smsInfo } from './rules/sms-encoding.ts';
import { parseTemplate, variablesOf } from './rules/template.ts';

export function presentSettings(s: NotificationSettings): NotificationSettingsDto {
  return {
    sms: { ...s.sms },
    email: { ...s.email },
    modem: {
      port: s.modem.port,
      baudRate: s.modem.baudRate,
      pinSet: Boolean(s.modem.pin),
      smsc: s.modem.smsc,
      deliveryReports: s.modem.deliveryReports,
    },
    gateway: {
      url: s.gateway.url || null,
      method: s.gateway.method,
      headers: s.gateway.headers,
      bodyTemplate: s.gateway.bodyTemplate,
      idField: s.gateway.idField,
      tokenSet: Boolean(s.gateway.token),
      webhookSecretSet: Boolean(s.gateway.webhookSecret),
    },
    smtp: {
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.secure,
      verifyCertificate: s.smtp.verifyCertificate,
      user: s.smtp.user,
      passwordSet: Boolean(s.smtp.password),
      from: s.smtp.from,
    },
    retry: { ...s.retry },
    linkBaseUrl: s.linkBaseUrl,
    updatedAt: s.updatedAt.toISOString(),
  };
}

function safeVariables(source: string): string[] {
  try {
    return variablesOf(parseTemplate(source));
  } catch {
    return [];
  }
}

export function presentTemplate(t: TemplateRow): MessageTemplateDto {
  return {
    id: t.id,
    kind: t.kind,
    channel: t.channel,
    locale: t.locale,
    subject: t.subject,
    body: t.body,
    variables: [...new Set([...safeVariables(t.subject ?? ''), ...safeVariables(t.body)])],
    // The template's own length (variables unfilled); the preview gives the length with real values.
    sms: t.channel === 'sms' ? smsInfo(t.body) : null,
    updatedAt: iso(t.updated_at)!,
    updatedBy: t.updated_by_name,
  };
}

export function presentRule(r: RuleRow): AutomationRuleDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    eventType: r.event_type,
    conditions: r.conditions,
    actionType: r.action_type,
    actionParams: r.action_params,
    enabled: r.enabled,
    builtin: r.builtin,
    position: r.position,
    updatedAt: iso(r.updated_at)!,
  };
}

export interface MessageRow {
  id: string;
  kind: string;
  purpose: 'service' | 'marketing';
  channel: 'sms' | 'email';
  customer_id: string | null;
  customer_name?: string | null;
  recipient: string;
  locale: 'en' | 'ru';
  subject: string | null;
  body: string;
  attachments: Array<{ type: string; orderId?: string }>;
  status: OutboxMessageDto['status'];
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  waiting_reason: string | null;
  last_error: string | null;
  provider: string | null;
  provider_message_id: string | null;
  rule_id: string | null;
  campaign_id: string | null;
  resend_of: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
}

export interface MessageEventRow {
  at: Date;
  status: string;
  attempt: number;
  detail: string | null;
  provider_message_id: string | null;
  actor_name: string | null;
}

export function presentEvent(e: MessageEventRow): MessageEventDto {
  return {
    at: iso(e.at)!,
    status: e.status,
    attempt: e.attempt,
    detail: e.detail,
    providerMessageId: e.provider_message_id,
    actor: e.actor_name,
  };
}

export function presentMessage(m: MessageRow, events?: MessageEventRow[]): OutboxMessageDto {
  return {
    id: m.id,
    kind: m.kind,
    purpose: m.purpose,
    channel: m.channel,
    customerId: m.customer_id,
    customerName: m.customer_name ?? null,
    recipient: m.recipient,
    locale: m.locale,
    subject: m.subject,
    body: m.body,
    attachments: m.attachments,
    status: m.status,
    attempts: m.attempts,
    maxAttempts: m.max_attempts,
    nextAttemptAt: m.status === 'queued' ? iso(m.next_attempt_at) : null,
    waitingReason: m.status === 'queued' ? m.waiting_reason : null,
    lastError: m.last_error,
    provider: m.provider,
    providerMessageId: m.provider_message_id,
    ruleId: m.rule_id,
    campaignId: m.campaign_id,
    resendOf: m.resend_of,
    createdAt: iso(m.created_at)!,
    sentAt: iso(m.sent_at),
    deliveredAt: iso(m.delivered_at),
    failedAt: iso(m.failed_at),
    ...(events ? { events: events.map(presentEvent) } : {}),
  };
}

export interface CampaignRow {
  id: string;
  name: string;
  channel: 'sms' | 'email';
  source: string;
  source_params: Record<string, unknown>;
  templates: CampaignDto['texts'];
  status: CampaignDto['status'];
  queued_count: number;
  suppressed_count: number;
  created_by_name: string | null;
  created_at: Date;
  launched_at: Date | null;
}

export function presentCampaign(c: CampaignRow): CampaignDto {
  return {
    id: c.id,
    name: c.name,
    channel: c.channel,
    source: c.source,
    sourceParams: c.source_params,
    texts: c.templates,
    status: c.status,
    queuedCount: c.queued_count,
    suppressedCount: c.suppressed_count,
    createdBy: c.created_by_name,
    createdAt: iso(c.created_at)!,
    launchedAt: iso(c.launched_at),
  };
}
