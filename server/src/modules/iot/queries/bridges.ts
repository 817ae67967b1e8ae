import { QueryTypes, type Sequelize } from 'sequelize';
import type {
  BridgeBindingDto,
  BridgeDto,
  BridgeReportedStatus,
  Page,
  RejectedPayloadDto,
  ShopfloorEventDto,
} from '../../../contracts/index.ts';
import { notFound } from '../../../platform/errors.ts';

interface BridgeRow {
  id: string;
  name: string;
  location: string | null;
  online: boolean;
  last_seen_at: Date | null;
  connected_at: Date | null;
  last_event_at: Date | null;
  revoked_at: Date | null;
  secret_rotated_at: Date | null;
  last_status: Record<string, unknown> | null;
  created_at: Date;
  rejected_24h: string;
}

interface BindingRow {
  bridge_id: string;
  device_id: string;
  kind: BridgeBindingDto['kind'];
  lift_id: string | null;
  entrance: boolean;
  valid_from: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function presentStatus(raw: Record<string, unknown> | null): BridgeReportedStatus | null {
  if (!raw) return null;
  return {
    fw: typeof raw.fw === 'string' ? raw.fw : null,
    readers: Array.isArray(raw.readers) ? (raw.readers as BridgeReportedStatus['readers']) : [],
    sensors: Array.isArray(raw.sensors) ? (raw.sensors as BridgeReportedStatus['sensors']) : [],
    bootAt: typeof raw.bootAt === 'string' ? raw.bootAt : null,
  };
}

export async function listBridges(sequelize: Sequelize, now: Date, onlyId?: string): Promise<BridgeDto[]> {
  const rows = await sequelize.query<BridgeRow>(
    `SELECT b.*, (SELECT count(*) FROM shopfloor_rejected r WHERE r.bridge_id = b.id AND r.received_at > :since) AS rejected_24h
       FROM bridges b ${onlyId ? 'WHERE b.id = :id' : ''} ORDER BY b.revoked_at NULLS FIRST, b.id`,
    {
      replacements: { since: new Date(now.getTime() - 86_400_000), id: onlyId ?? null },
      type: QueryTypes.SELECT,
    },
  );
  const bindings = await sequelize.query<BindingRow>(
    `SELECT bridge_id, device_id, kind, lift_id, entrance, valid_from FROM bridge_bindings WHERE valid_to IS NULL ${onlyId ? 'AND bridge_id = :id' : ''} ORDER BY device_id`,
    { replacements: { id: onlyId ?? null }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    location: r.location,
    online: r.online,
    lastSeenAt: iso(r.last_seen_at),
    connectedAt: iso(r.connected_at),
    lastEventAt: iso(r.last_event_at),
    revokedAt: iso(r.revoked_at),
    secretRotatedAt: iso(r.secret_rotated_at),
    status: presentStatus(r.last_status),
    bindings: bindings
      .filter((b) => b.bridge_id === r.id)
      .map((b) => ({
        deviceId: b.device_id,
        kind: b.kind,
        liftId: b.lift_id,
        entrance: b.entrance,
        since: iso(b.valid_from)!,
      })),
    rejectedLast24h: Number(r.rejected_24h),
    createdAt: iso(r.created_at)!,
  }));
}

export async function getBridge(sequelize: Sequelize, id: string, now: Date): Promise<BridgeDto> {
  const [bridge] = await listBridges(sequelize, now, id);
  if (!bridge) throw notFound('Bridge');
  return bridge;
}

export async function listRejected(
  sequelize: Sequelize,
  bridgeId: string,
  q: { offset: number; limit: number },
): Promise<Page<RejectedPayloadDto>> {
  const rows = await sequelize.query<{
    id: string;
    topic: string;
    payload: string;
    payload_bytes: number;
    reason: string;
    received_at: Date;
    total: string;
  }>(
    `SELECT *, count(*) OVER () AS total FROM shopfloor_rejected WHERE bridge_id = :id ORDER BY received_at DESC, id OFFSET :offset LIMIT :limit`,
    { replacements: { id: bridgeId, offset: q.offset, limit: q.limit }, type: QueryTypes.SELECT },
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      payload: r.payload,
      payloadBytes: r.payload_bytes,
      reason: r.reason,
      receivedAt: iso(r.received_at)!,
    })),
    total: Number(rows[0]?.total ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}

export async function listBridgeEvents(
  sequelize: Sequelize,
  bridgeId: string,
  q: { offset: number; limit: number },
): Promise<Page<ShopfloorEventDto>> {
  const rows = await sequelize.query<{
    id: string;
    bridge_id: string;
    event_id: string;
    kind: ShopfloorEventDto['kind'];
    device_id: string;
    value: string;
    at: Date;
    sent_at: Date;
    received_at: Date;
    corrected_at: Date;
    total: string;
  }>(
    `SELECT *, count(*) OVER () AS total FROM shopfloor_events WHERE bridge_id = :id ORDER BY event_id DESC OFFSET :offset LIMIT :limit`,
    { replacements: { id: bridgeId, offset: q.offset, limit: q.limit }, type: QueryTypes.SELECT },
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      bridgeId: r.bridge_id,
      eventId: Number(r.event_id),
      kind: r.kind,
      deviceId: r.device_id,
      value: r.value,
      at: iso(r.at)!,
      sentAt: iso(r.sent_at)!,
      receivedAt: iso(r.received_at)!,
      correctedAt: iso(r.corrected_at)!,
    })),
    total: Number(rows[0]?.total ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}
