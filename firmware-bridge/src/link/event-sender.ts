import type { Logger } from '../logger.ts';
import type { DiskOutbox } from '../outbox/disk-outbox.ts';
import type { StoredEvent } from '../outbox/journal-records.ts';
import type { MqttLink } from './mqtt-link.ts';
import { wirePayload } from './wire-payload.ts';

export interface EventSenderOptions {
  maxInFlight: number;
  logger: Logger;
  now: () => Date;
  onAcked?: (event: StoredEvent) => void;
}

/**
 * Moves events from the disk outbox to the broker: on every (re)connect it starts over from the
 * oldest unacknowledged event, in eventId order, keeps at most `maxInFlight` unacknowledged publishes
 * on the wire, and acknowledges each event in the outbox when its PUBACK arrives. New events join
 * the end of the line. A connection's callbacks are ignored once it is gone (epochs), so a late
 * callback can never acknowledge an event that has to be re-sent.
 */
export class EventSender {
  private epoch = 0;
  private connected = false;
  private queue: StoredEvent[] = [];
  private head = 0;
  private inFlight = 0;
  private lastProgressLog = 0;

  constructor(
    private readonly outbox: DiskOutbox,
    private readonly link: MqttLink,
    private readonly options: EventSenderOptions,
  ) {
    outbox.on('stored', (event) => {
      if (!this.connected) return;
      this.queue.push(event);
      this.pump();
    });
    link.on('connected', () => this.onConnected());
    link.on('disconnected', () => this.onDisconnected());
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  private onConnected(): void {
    this.epoch += 1;
    this.connected = true;
    this.queue = this.outbox.pending();
    this.head = 0;
    this.inFlight = 0;
    if (this.queue.length > 0) {
      this.options.logger.info(
        { component: 'sender', backlog: this.queue.length, from: this.queue[0]!.eventId },
        'sending the outbox backlog',
      );
    }
    this.pump();
  }

  private onDisconnected(): void {
    if (!this.connected) return;
    this.epoch += 1;
    this.connected = false;
    this.queue = [];
    this.head = 0;
    this.inFlight = 0;
  }

  private pump(): void {
    while (this.connected && this.inFlight < this.options.maxInFlight && this.head < this.queue.length) {
      const event = this.queue[this.head++]!;
      if (this.outbox.isPending(event.eventId)) this.send(event);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private send(event: StoredEvent): void {
    const epoch = this.epoch;
    this.inFlight += 1;
    const payload = JSON.stringify(wirePayload(event, this.options.now().toISOString()));
    this.link.publishRaw(this.link.topics.events(event.kind), payload, false, (err) => {
      if (epoch !== this.epoch) return;
      this.inFlight -= 1;
      if (err) {
        // Still in the outbox: it goes again with the next connection.
        this.options.logger.debug(
          { component: 'sender', eventId: event.eventId, err: err.message },
          'publish not acknowledged',
        );
        return;
      }
      this.outbox.ack(event.eventId);
      this.options.onAcked?.(event);
      this.logProgress();
      this.pump();
    });
  }

  private logProgress(): void {
    const remaining = this.outbox.pendingCount;
    const now = Date.now();
    if (remaining > 100 && now - this.lastProgressLog > 5_000) {
      this.lastProgressLog = now;
      this.options.logger.info({ component: 'sender', remaining }, 'outbox backlog draining');
    }
  }
}
