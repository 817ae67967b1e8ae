import { EventEmitter } from 'node:events';
import type { CommandContext } from './context.ts';
import type { Logger } from './logger.ts';

/** A fact that happened inside a committed transaction. Modules add their own `type`s. */
export interface DomainEvent {
  type: string;
  [key: string]: unknown;
}

export type DomainEventHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * Runs inside the transaction that emitted the events, just before its commit: for records that
 * must exist exactly when the change does (the labour event log, the customer message outbox).
 * A failure rolls the whole command back.
 */
export type TransactionalEventHandler = (cx: CommandContext, events: readonly DomainEvent[]) => Promise<void>;

/** In-process publish/subscribe for committed domain events (projectors, realtime, jobs). */
export class EventBus {
  private readonly emitter = new EventEmitter();

  private readonly transactional: TransactionalEventHandler[] = [];

  constructor(private readonly logger: Logger) {
    this.emitter.setMaxListeners(100);
  }

  /** Registers a handler that records emitted events in the emitting transaction (see inTransaction). */
  beforeCommit(handler: TransactionalEventHandler): void {
    this.transactional.push(handler);
  }

  async runBeforeCommit(cx: CommandContext, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const handler of this.transactional) await handler(cx, events);
  }

  subscribe(handler: DomainEventHandler): () => void {
    const wrapped = (event: DomainEvent) => {
      Promise.resolve()
        .then(() => handler(event))
        .catch((err: unknown) => this.logger.error({ err, event: event.type }, 'event handler failed'));
    };
    this.emitter.on('event', wrapped);
    return () => this.emitter.off('event', wrapped);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }
}
