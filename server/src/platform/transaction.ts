import type { Sequelize } from 'sequelize';
import type { Clock } from './clock.ts';
import type { Actor, CommandContext } from './context.ts';
import type { DomainEvent, EventBus } from './events.ts';

export interface TransactionDeps {
  sequelize: Sequelize;
  bus: EventBus;
  clock: Clock;
}

/**
 * Runs `work` in one database transaction. Domain events it emits are first given to the bus's
 * before-commit handlers inside the transaction (durable records such as the labour event log),
 * then published after the commit and dropped on rollback, so nothing irreversible happens for a
 * change that did not happen.
 */
export async function inTransaction<T>(
  deps: TransactionDeps,
  actor: Actor,
  work: (cx: CommandContext) => Promise<T>,
  requestId: string | null = null,
): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await deps.sequelize.transaction(async (tx) => {
    const cx: CommandContext = {
      actor,
      tx,
      sequelize: deps.sequelize,
      now: deps.clock.now(),
      requestId,
      emit: (event) => events.push(event),
    };
    const value = await work(cx);
    await deps.bus.runBeforeCommit(cx, events);
    return value;
  });
  deps.bus.publish(events);
  return result;
}
