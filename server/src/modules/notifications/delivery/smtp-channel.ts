import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { NotificationSettings } from '../queries/settings.ts';
import {
  ChannelError,
  type Channel,
  type ChannelStatus,
  type OutgoingMessage,
  type SendResult,
} from './channel.ts';

type SmtpSettings = NotificationSettings['smtp'];

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ETLS',
]);

/** Reads a nodemailer failure: the relay is down (wait), it answered 4xx (retry) or 5xx (give up). */
export function classifySmtpError(err: unknown): ChannelError {
  const e = err as { code?: string; responseCode?: number; message?: string; response?: string };
  const text = e.response ?? e.message ?? String(err);
  if (e.code === 'EAUTH')
    return new ChannelError('unavailable', `The relay refused the login: ${text}`, 'error');
  if (e.code && CONNECTION_CODES.has(e.code))
    return new ChannelError(
      'unavailable',
      `The mail relay is not reachable (${e.code}): ${e.message ?? ''}`.trim(),
      'unreachable',
    );
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500) return new ChannelError('permanent', `The relay refused the message: ${text}`);
    if (e.responseCode >= 400)
      return new ChannelError('transient', `The relay deferred the message: ${text}`);
  }
  return new ChannelError('transient', text);
}

/** E-mail through the station's SMTP relay. */
export class SmtpChannel implements Channel {
  readonly provider = 'smtp';
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private lastError: string | null = null;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host ?? 'localhost',
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      tls: { rejectUnauthorized: settings.verifyCertificate },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    if (!this.settings.host || !this.settings.from)
      throw new ChannelError(
        'unavailable',
        'The SMTP relay is not configured (host and sender address)',
        'not_configured',
      );
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
        headers: { 'X-Pitwall-Message-Id': message.id },
      });
      if (info.rejected.length > 0)
        throw Object.assign(new Error(`rejected ${info.rejected.join(', ')}: ${info.response}`), {
          responseCode: 550,
        });
      this.lastError = null;
      return { providerId: info.messageId };
    } catch (err) {
      const classified = err instanceof ChannelError ? err : classifySmtpError(err);
      this.lastError = classified.message;
      throw classified;
    }
  }

  async status(): Promise<ChannelStatus> {
    const base = {
      channel: 'email' as const,
      provider: this.provider,
      checkedAt: new Date().toISOString(),
      lastError: this.lastError,
    };
    if (!this.settings.host || !this.settings.from)
      return { ...base, state: 'not_configured', detail: 'Set the SMTP host and the sender address' };
    try {
      await this.transport.verify();
      return { ...base, state: 'ready', detail: `Relay ${this.settings.host}:${this.settings.port} answers` };
    } catch (err) {
      const classified = classifySmtpError(err);
      return { ...base, state: classified.state ?? 'error', detail: classified.message };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
