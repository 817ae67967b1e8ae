import type { NotificationSettings } from '../queries/settings.ts';
import { buildGatewayRequest } from '../rules/gateway-request.ts';
import {
  ChannelError,
  type Channel,
  type ChannelStatus,
  type OutgoingMessage,
  type SendResult,
} from './channel.ts';

type GatewaySettings = NotificationSettings['gateway'];

function valueAt(body: unknown, path: string): unknown {
  let current = body;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * SMS through an HTTP gateway on the LAN (an Android phone running an SMS gateway app, or a
 * hardware gateway): one request per message, built from the configured URL, method, headers and
 * body template. 2xx is sent; 429 and 5xx are retried; other 4xx are final; no answer means the
 * gateway is unreachable and the queue waits.
 */
export class GatewayChannel implements Channel {
  readonly provider = 'gateway';
  private lastError: string | null = null;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    if (!this.settings.configured)
      throw new ChannelError('unavailable', 'The SMS gateway URL is not set', 'not_configured');
    const request = buildGatewayRequest(this.settings, {
      to: message.recipient,
      text: message.body,
      messageId: message.id,
      token: this.settings.token,
    });
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      this.lastError = `The SMS gateway did not answer (${cause})`;
      throw new ChannelError('unavailable', this.lastError, 'unreachable');
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      this.lastError = `The SMS gateway answered ${response.status}: ${text.slice(0, 200)}`;
      const retry = response.status === 429 || response.status >= 500 || response.status === 408;
      throw new ChannelError(retry ? 'transient' : 'permanent', this.lastError);
    }
    this.lastError = null;
    let providerId: string | undefined;
    if (this.settings.idField) {
      try {
        const id = valueAt(JSON.parse(text), this.settings.idField);
        if (id !== undefined && id !== null) providerId = String(id);
      } catch {
        providerId = undefined;
      }
    }
    return { providerId, references: providerId ? [providerId] : [] };
  }

  async status(): Promise<ChannelStatus> {
    const base = {
      channel: 'sms' as const,
      provider: this.provider,
      checkedAt: new Date().toISOString(),
      lastError: this.lastError,
    };
    if (!this.settings.configured)
      return { ...base, state: 'not_configured', detail: 'Set the SMS gateway URL' };
    let origin: string;
    try {
      origin = new URL(this.settings.url.replace(/\{\{[^}]*\}\}/g, 'x')).origin;
    } catch {
      return { ...base, state: 'error', detail: 'The SMS gateway URL is not a URL' };
    }
    try {
      await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(3_000) });
      return { ...base, state: 'ready', detail: `The gateway at ${origin} answers` };
    } catch {
      return { ...base, state: 'unreachable', detail: `The gateway at ${origin} does not answer` };
    }
  }

  async close(): Promise<void> {}
}
