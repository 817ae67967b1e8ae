/** Customer messages, templates, automation rules and campaigns (the desk's notification screens). */

export type MessageChannelDto = 'sms' | 'email';
export type MessageStatusDto = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'cancelled';

export interface QuietHoursDto {
  from: string;
  to: string;
}

/** Secrets (SMTP password, SIM PIN, gateway token and webhook secret) are never sent: only whether one is set. */
export interface NotificationSettingsDto {
  sms: {
    enabled: boolean;
    provider: 'modem' | 'gateway' | 'simulated';
    quietHours: QuietHoursDto | null;
    perMinute: number;
  };
  email: {
    enabled: boolean;
    provider: 'smtp' | 'simulated';
    quietHours: QuietHoursDto | null;
    perMinute: number;
  };
  modem: {
    port: string | null;
    baudRate: number;
    pinSet: boolean;
    smsc: string | null;
    deliveryReports: boolean;
  };
  gateway: {
    url: string | null;
    method: 'GET' | 'POST' | 'PUT';
    headers: Record<string, string>;
    bodyTemplate: string;
    idField: string | null;
    tokenSet: boolean;
    webhookSecretSet: boolean;
  };
  smtp: {
    host: string | null;
    port: number;
    secure: boolean;
    verifyCertificate: boolean;
    user: string | null;
    passwordSet: boolean;
    from: string | null;
  };
  retry: { maxAttempts: number; baseSeconds: number; maxSeconds: number };
  linkBaseUrl: string | null;
  updatedAt: string;
}

export interface ChannelStatusDto {
  channel: MessageChannelDto;
  provider: string;
  enabled: boolean;
  state: string;
  detail: string;
  checkedAt: string;
  signalDbm?: number | null;
  operator?: string | null;
  lastError?: string | null;
  queued: number;
  failedLastDay: number;
}

export interface SmsInfoDto {
  encoding: 'GSM-7' | 'UCS-2';
  characters: number;
  units: number;
  segments: number;
  perSegment: number;
  remaining: number;
  nonGsmCharacters: string[];
}

export interface MessageTemplateDto {
  id: string;
  kind: string;
  channel: MessageChannelDto;
  locale: 'en' | 'ru';
  subject: string | null;
  body: string;
  variables: string[];
  sms: SmsInfoDto | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface MessageKindDto {
  kind: string;
  purpose: 'service' | 'marketing';
  variables: Array<{ name: string; type: string; describe: string }>;
}

export interface TemplatePreviewDto {
  subject: string | null;
  body: string;
  sms: SmsInfoDto | null;
  sample: boolean;
}

export interface MessageEventDto {
  at: string;
  status: string;
  attempt: number;
  detail: string | null;
  providerMessageId: string | null;
  actor: string | null;
}

export interface OutboxMessageDto {
  id: string;
  kind: string;
  purpose: 'service' | 'marketing';
  channel: MessageChannelDto;
  customerId: string | null;
  customerName: string | null;
  recipient: string;
  locale: 'en' | 'ru';
  subject: string | null;
  body: string;
  attachments: Array<{ type: string; orderId?: string }>;
  status: MessageStatusDto;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  waitingReason: string | null;
  lastError: string | null;
  provider: string | null;
  providerMessageId: string | null;
  ruleId: string | null;
  campaignId: string | null;
  resendOf: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  events?: MessageEventDto[];
}

/** One line of a customer's delivery log: a message, a message not sent (and why), or an opt-out. */
export type DeliveryLogEntryDto =
  | { type: 'message'; at: string; message: OutboxMessageDto }
  | {
      type: 'suppressed';
      at: string;
      kind: string;
      channel: MessageChannelDto;
      reason: string;
      detail: string | null;
    }
  | {
      type: 'opt_out';
      at: string;
      channel: MessageChannelDto;
      purpose: string | null;
      source: string;
      note: string | null;
      actor: string;
    }
  | { type: 'reply'; at: string; sender: string; body: string; action: string };

export interface AutomationRuleDto {
  id: string;
  code: string | null;
  name: string;
  eventType: string;
  conditions: Array<{ field: string; op: string; value?: unknown }>;
  actionType: string;
  actionParams: Record<string, unknown>;
  enabled: boolean;
  builtin: boolean;
  position: number;
  updatedAt: string;
}

export interface CampaignDto {
  id: string;
  name: string;
  channel: MessageChannelDto;
  source: string;
  sourceParams: Record<string, unknown>;
  texts: Partial<Record<'en' | 'ru', { subject?: string | null; body: string }>>;
  status: 'draft' | 'launched' | 'cancelled';
  queuedCount: number;
  suppressedCount: number;
  createdBy: string | null;
  createdAt: string;
  launchedAt: string | null;
}

export interface CampaignRecipientDto {
  customerId: string;
  name: string;
  recipient: string | null;
  eligible: boolean;
  reason: string | null;
}
