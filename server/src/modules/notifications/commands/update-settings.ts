import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest } from '../../../platform/errors.ts';
import { execute } from '../db.ts';
import { presentSettings } from '../notifications.presenter.ts';
import type { SettingsInput } from '../notifications.schemas.ts';
import { loadSettings, type NotificationSettings } from '../queries/settings.ts';
import { checkGatewayTemplate } from '../rules/gateway-request.ts';

/** Column ← value for every field given; secrets: undefined keeps, null clears, a string sets. */
function columns(input: SettingsInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) out[column] = value;
  };
  set('sms_enabled', input.sms?.enabled);
  set('sms_provider', input.sms?.provider);
  set('sms_per_minute', input.sms?.perMinute);
  if (input.sms?.quietHours !== undefined) {
    out.sms_quiet_from = input.sms.quietHours?.from ?? null;
    out.sms_quiet_to = input.sms.quietHours?.to ?? null;
  }
  set('email_enabled', input.email?.enabled);
  set('email_provider', input.email?.provider);
  set('email_per_minute', input.email?.perMinute);
  if (input.email?.quietHours !== undefined) {
    out.email_quiet_from = input.email.quietHours?.from ?? null;
    out.email_quiet_to = input.email.quietHours?.to ?? null;
  }
  set('modem_port', input.modem?.port);
  set('modem_baud_rate', input.modem?.baudRate);
  set('modem_pin', input.modem?.pin);
  set('modem_smsc', input.modem?.smsc);
  set('modem_delivery_reports', input.modem?.deliveryReports);
  set('gateway_url', input.gateway?.url);
  set('gateway_method', input.gateway?.method);
  if (input.gateway?.headers !== undefined) out.gateway_headers = JSON.stringify(input.gateway.headers);
  set('gateway_body_template', input.gateway?.bodyTemplate);
  set('gateway_id_field', input.gateway?.idField);
  set('gateway_token', input.gateway?.token);
  set('gateway_webhook_secret', input.gateway?.webhookSecret);
  set('smtp_host', input.smtp?.host);
  set('smtp_port', input.smtp?.port);
  set('smtp_secure', input.smtp?.secure);
  set('smtp_verify_certificate', input.smtp?.verifyCertificate);
  set('smtp_user', input.smtp?.user);
  set('smtp_password', input.smtp?.password);
  set('smtp_from', input.smtp?.from);
  set('max_attempts', input.retry?.maxAttempts);
  set('retry_base_seconds', input.retry?.baseSeconds);
  set('retry_max_seconds', input.retry?.maxSeconds);
  set('link_base_url', input.linkBaseUrl);
  return out;
}

function checkCombined(next: NotificationSettings): void {
  if (next.sms.provider === 'gateway' || next.gateway.configured) {
    const problem = checkGatewayTemplate(next.gateway);
    if (problem)
      throw badRequest(
        `${problem.field}: ${problem.problem.message}`,
        problem.field,
        problem.problem.problem === 'unknown_variable' ? { variable: problem.problem.variable } : undefined,
      );
  }
}

/** A manager's change to channels, quiet hours, limits and retries; the audit never shows a secret. */
export async function updateSettings(
  cx: CommandContext,
  input: SettingsInput,
): Promise<NotificationSettings> {
  const before = await loadSettings(cx, true);
  const base = input.retry?.baseSeconds ?? before.retry.baseSeconds;
  if ((input.retry?.maxSeconds ?? before.retry.maxSeconds) < base)
    throw badRequest('retry.maxSeconds: must not be below retry.baseSeconds', 'retry.maxSeconds');
  const values = columns(input);
  const assignments = Object.keys(values).map((c) => `${c} = :${c}`);
  await execute(
    cx,
    `UPDATE notification_settings SET ${[...assignments, 'updated_at = :now'].join(', ')} WHERE id = 1`,
    { ...values, now: cx.now },
  );
  const after = await loadSettings(cx);
  checkCombined(after);
  // Messages held by the old quiet hours fall due again; the sender holds them anew if still quiet.
  for (const channel of ['sms', 'email'] as const) {
    if (input[channel]?.quietHours === undefined) continue;
    await execute(
      cx,
      `UPDATE notification_messages SET next_attempt_at = GREATEST(not_before, created_at), waiting_reason = NULL, updated_at = :now
        WHERE status = 'queued' AND channel = :channel AND waiting_reason LIKE 'quiet hours%'`,
      { channel, now: cx.now },
    );
  }
  await recordAudit(cx, {
    action: 'notification_settings.updated',
    entityType: 'notification_settings',
    entityId: null,
    before: presentSettings(before),
    after: presentSettings(after),
  });
  cx.emit({ type: 'notifications.settings_changed' });
  return after;
}
