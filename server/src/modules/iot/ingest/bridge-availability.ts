import { QueryTypes, type Sequelize } from 'sequelize';
import type { BridgeStatus } from '../../../contracts/mqtt-payloads.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { EventBus } from '../../../platform/events.ts';
import type { Logger } from '../../../platform/logger.ts';

/**
 * Whether each bridge is online: from its retained `status` (online with its readers and sensors,
 * or the Last Will `offline` the broker publishes after 1.5 × keepalive of silence) and from the
 * connection itself. Every change goes out as a 'bridge.availability' domain event for the board.
 */
export class BridgeAvailability {
  constructor(private readonly deps: { sequelize: Sequelize; bus: EventBus; clock: Clock; logger: Logger }) {}

  /** At start nobody is connected yet: the retained flags of the last run mean nothing. */
  async resetAll(): Promise<void> {
    await this.deps.sequelize.query('UPDATE bridges SET online = false WHERE online');
  }

  async connected(bridgeId: string): Promise<void> {
    await this.set(bridgeId, true, null, 'connected_at');
  }

  async disconnected(bridgeId: string): Promise<void> {
    await this.set(bridgeId, false, null, 'disconnected_at');
  }

  async reported(bridgeId: string, status: BridgeStatus): Promise<void> {
    await this.set(bridgeId, status.state === 'online', status.state === 'online' ? status : null, null);
  }

  private async set(
    bridgeId: string,
    online: boolean,
    status: BridgeStatus | null,
    stamp: 'connected_at' | 'disconnected_at' | null,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const rows = await this.deps.sequelize.query<{
      id: string;
      name: string;
      was: boolean;
      last_seen_at: Date | null;
    }>(
      `UPDATE bridges b SET online = :online, last_seen_at = :now,
              last_status = COALESCE(:status::jsonb, b.last_status)
              ${stamp ? `, ${stamp} = :now` : ''}
         FROM (SELECT id, online AS was FROM bridges WHERE id = :id FOR UPDATE) old
        WHERE b.id = old.id AND b.revoked_at IS NULL
        RETURNING b.id, b.name, old.was, b.last_seen_at`,
      {
        replacements: { id: bridgeId, online, now, status: status ? JSON.stringify(status) : null },
        type: QueryTypes.SELECT,
      },
    );
    const row = rows[0];
    if (!row) return;
    if (row.was !== online || status) {
      this.deps.logger.info({ bridgeId, online }, online ? 'bridge online' : 'bridge offline');
      this.deps.bus.publish([
        {
          type: 'bridge.availability',
          bridge: {
            id: row.id,
            name: row.name,
            online,
            lastSeenAt: new Date(row.last_seen_at ?? now).toISOString(),
          },
        },
      ]);
    }
  }
}
