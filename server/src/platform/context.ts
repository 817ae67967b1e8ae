import type { Sequelize, Transaction } from 'sequelize';
import type { Role } from '../contracts/roles.ts';
import type { DomainEvent } from './events.ts';

export type Actor =
  | { type: 'user'; id: string; name: string; role: Role; scope: 'own' | 'all'; sessionId: string }
  | { type: 'device'; id: string; name: string; scope: 'board' | 'lift'; liftId: string | null }
  | { type: 'bridge'; id: string; name: string }
  | { type: 'system'; id: null; name: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'system' };

/** What every command receives: who acts, the open transaction, one "now" for the whole command. */
export interface CommandContext {
  actor: Actor;
  tx: Transaction;
  /** The connection pool's Sequelize; raw queries pass `transaction: cx.tx`. */
  sequelize: Sequelize;
  now: Date;
  requestId: string | null;
  /** Events are published only after the transaction commits. */
  emit(event: DomainEvent): void;
}
