import type { ChannelKind } from '../rules/message-kinds.ts';
import {
  ChannelError,
  type Channel,
  type ChannelStatus,
  type OutgoingMessage,
  type SendResult,
} from './channel.ts';

export interface SimulatedSend {
  at: Date;
  message: OutgoingMessage;
  providerId: string;
}

/**
 * Records what would be sent instead of sending it: the demo station's channel, and the tests' way
 * to look at the outgoing traffic and to make sends fail on purpose.
 */
export class SimulatedOutbox {
  readonly sent: SimulatedSend[] = [];
  private failures: Array<{ kind: ChannelError['kind']; reason: string }> = [];
  private unavailable: string | null = null;
  private counter = 0;

  /** The next `count` sends fail with this kind of error. */
  failNext(count: number, kind: ChannelError['kind'] = 'transient', reason = 'simulated failure'): void {
    for (let i = 0; i < count; i++) this.failures.push({ kind, reason });
  }

  /** Makes the channel unavailable (a reason) or available again (null). */
  setUnavailable(reason: string | null): void {
    this.unavailable = reason;
  }

  clear(): void {
    this.sent.length = 0;
    this.failures = [];
    this.unavailable = null;
  }

  private async send(kind: ChannelKind, message: OutgoingMessage): Promise<SendResult> {
    if (this.unavailable) throw new ChannelError('unavailable', this.unavailable, 'unreachable');
    const failure = this.failures.shift();
    if (failure) throw new ChannelError(failure.kind, failure.reason);
    this.counter += 1;
    const providerId = `sim-${kind}-${this.counter}`;
    this.sent.push({ at: new Date(), message, providerId });
    return { providerId, delivered: kind === 'sms' };
  }

  private status(kind: ChannelKind): ChannelStatus {
    return {
      channel: kind,
      provider: 'simulated',
      state: this.unavailable ? 'unreachable' : 'ready',
      detail:
        this.unavailable ?? 'Simulated: messages are recorded in the delivery log, not sent to customers',
      checkedAt: new Date().toISOString(),
    };
  }

  channel(kind: ChannelKind): Channel {
    return {
      provider: 'simulated',
      send: (message) => this.send(kind, message),
      status: async () => this.status(kind),
      close: async () => undefined,
    };
  }
}
