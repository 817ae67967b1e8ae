import type { ChannelKind } from '../rules/message-kinds.ts';
import type { QuietHours } from '../rules/quiet-hours.ts';
import type { GatewayTemplate } from '../rules/gateway-request.ts';
import { selectOne, type Executor } from '../db.ts';

export type SmsProvider = 'modem' | 'gateway' | 'simulated';
export type EmailProvider = 'smtp' | 'simulated';

/** The settings as the server uses them, secrets included: never serialise this (see presentSettings). */
export interface NotificationSettings {
  sms: { enabled: boolean; provider: SmsProvider; quietHours: QuietHours | null; perMinute: number };
  email: { enabled: boolean; provider: EmailProvider; quietHours: QuietHours | null; perMinute: number };
  modem: {
    port: string | null;
    baudRate: number;
    pin: string | null;
    smsc: string | null;
    deliveryReports: boolean;
  };
  gateway: GatewayTemplate & {
    idField: string | null;
    token: string | null;
    webhookSecret: string | null;
    configured: boolean;
  };
  smtp: {
    host: string | null;
    port: number;
    secure: boolean;
    verifyCertificate: boolean;
    user: string | null;
    password: string | null;
    from: string | null;
  };
  retry: { maxAttempts: number; baseSeconds: number; maxSeconds: number };
  linkBaseUrl: string | null;
  updatedAt: Date;
}

interface Row {
  sms_enabled: boolean;
  sms_provider: SmsProvider;
  email_enabled: boolean;
  email_provider: EmailProvider;
  modem_port: string | null;
  modem_baud_rate: number;
  modem_pin: string | null;
  modem_smsc: string | null;
  modem_delivery_reports: boolean;
  gateway_url: string | null;
  gateway_method: 'GET' | 'POST' | 'PUT';
  gateway_headers: Record<string, string>;
  gateway_body_template: string;
  gateway_id_field: string | null;
  gateway_token: string | null;
  gateway_webhook_secret: string | null;
  smtp_host: string | null;
  smtp_port: number;
  smtp_secure: boolean;
  smtp_verify_certificate: boolean;
  smtp_user: string | null;
  smtp_password: string | null;
  smtp_from: string | null;
  sms_quiet_from: string | null;
  sms_quiet_to: string | null;
  email_quiet_from: string | null;
  email_quiet_to: string | null;
  sms_per_minute: number;
  email_per_minute: number;
  max_attempts: number;
  retry_base_seconds: number;
  retry_max_seconds: number;
  link_base_url: string | null;
  updated_at: Date;
}

const quiet = (from: string | null, to: string | null): QuietHours | null =>
  from && to ? { from, to } : null;

export async function loadSettings(ex: Executor, lock = false): Promise<NotificationSettings> {
  const row = await selectOne<Row>(
    ex,
    `SELECT * FROM notification_settings WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
  );
  if (!row) throw new Error('notification_settings has no row: the 0500 migration did not run');
  return {
    sms: {
      enabled: row.sms_enabled,
      provider: row.sms_provider,
      quietHours: quiet(row.sms_quiet_from, row.sms_quiet_to),
      perMinute: row.sms_per_minute,
    },
    email: {
      enabled: row.email_enabled,
      provider: row.email_provider,
      quietHours: quiet(row.email_quiet_from, row.email_quiet_to),
      perMinute: row.email_per_minute,
    },
    modem: {
      port: row.modem_port,
      baudRate: row.modem_baud_rate,
      pin: row.modem_pin,
      smsc: row.modem_smsc,
      deliveryReports: row.modem_delivery_reports,
    },
    gateway: {
      url: row.gateway_url ?? '',
      configured: Boolean(row.gateway_url),
      method: row.gateway_method,
      headers: row.gateway_headers ?? {},
      bodyTemplate: row.gateway_body_template,
      idField: row.gateway_id_field,
      token: row.gateway_token,
      webhookSecret: row.gateway_webhook_secret,
    },
    smtp: {
      host: row.smtp_host,
      port: row.smtp_port,
      secure: row.smtp_secure,
      verifyCertificate: row.smtp_verify_certificate,
      user: row.smtp_user,
      password: row.smtp_password,
      from: row.smtp_from,
    },
    retry: {
      maxAttempts: row.max_attempts,
      baseSeconds: row.retry_base_seconds,
      maxSeconds: row.retry_max_seconds,
    },
    linkBaseUrl: row.link_base_url,
    updatedAt: new Date(row.updated_at),
  };
}

export function channelSettings(settings: NotificationSettings, channel: ChannelKind) {
  return channel === 'sms' ? settings.sms : settings.email;
}
