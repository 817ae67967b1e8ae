import type { ChannelKind } from '../rules/message-kinds.ts';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** One message as a channel sends it. */
export interface OutgoingMessage {
  id: string;
  channel: ChannelKind;
  recipient: string;
  subject: string | null;
  body: string;
  attachments: OutgoingAttachment[];
}

export interface SendResult {
  /** The provider's id of the message (SMTP message id, gateway id, modem references joined). */
  providerId?: string;
  /** Per-part references a delivery report will name (the modem's TP-MR of each part). */
  references?: string[];
  /** The channel knows it arrived (the simulated channel). */
  delivered?: boolean;
}

export type ChannelState =
  | 'ready'
  | 'off'
  | 'not_configured'
  | 'unplugged'
  | 'not_responding'
  | 'no_sim'
  | 'sim_pin'
  | 'no_network'
  | 'out_of_credit'
  | 'unreachable'
  | 'error';

export interface ChannelStatus {
  channel: ChannelKind;
  provider: string;
  state: ChannelState;
  /** A sentence for the manager: what is wrong and what to do. */
  detail: string;
  checkedAt: string;
  /** Modem: signal in dBm and the operator, when known. */
  signalDbm?: number | null;
  operator?: string | null;
  lastError?: string | null;
}

/**
 * Why a send failed, which decides what happens to the message:
 *  - unavailable: the channel cannot send anything now (modem unplugged, no network, relay down);
 *    the message waits without using up an attempt, and so does the rest of the queue;
 *  - transient: this attempt failed; retried with backoff until the attempts run out;
 *  - permanent: it will never work (a number that does not exist, a refused address): failed now.
 */
export class ChannelError extends Error {
  constructor(
    public readonly kind: 'unavailable' | 'transient' | 'permanent',
    message: string,
    public readonly state: ChannelState | null = null,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface Channel {
  readonly provider: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  status(): Promise<ChannelStatus>;
  close(): Promise<void>;
}

/** A delivery report or a reply that arrived from a channel on its own. */
export interface ChannelHooks {
  onReport(report: {
    provider: string;
    reference: string;
    recipient: string | null;
    outcome: 'delivered' | 'failed' | 'pending';
    statusCode: number | null;
    detail: string;
  }): void;
  onInbound(message: { source: string; from: string; text: string; receivedAt: Date }): void;
}
