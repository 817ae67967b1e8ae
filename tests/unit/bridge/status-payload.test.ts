import { describe, expect, it } from 'vitest';
import { buildStatus } from '../../../firmware-bridge/src/controller/status-payload.ts';
import { wirePayload } from '../../../firmware-bridge/src/link/wire-payload.ts';
import {
  badgeEventSchema,
  bayEventSchema,
  bridgeStatusSchema,
  liftEventSchema,
} from '../../../server/src/contracts/mqtt-payloads.ts';

describe('status payload', () => {
  it('lists readers with ok, sensors with kind, the firmware, boot time and the outbox', () => {
    const status = buildStatus({
      fw: '0.1.0',
      bootAt: new Date('2026-11-22T06:00:00.000Z'),
      readers: [
        { id: 'r1', ok: true },
        { id: 'r2', ok: false },
      ],
      sensors: [{ id: 's1', kind: 'lift', ok: true }],
      outbox: { pending: 3, full: false },
    });
    expect(status).toEqual({
      state: 'online',
      fw: '0.1.0',
      readers: [
        { id: 'r1', ok: true },
        { id: 'r2', ok: false },
      ],
      sensors: [{ id: 's1', kind: 'lift', ok: true }],
      bootAt: '2026-11-22T06:00:00.000Z',
      outbox: { pending: 3, full: false },
    });
    expect(bridgeStatusSchema.parse(status)).toEqual(status);
  });
});

describe('wire payloads', () => {
  const at = '2026-11-22T08:01:02.345Z';
  const sentAt = '2026-11-22T08:05:00.000Z';

  it('are the contract shapes with sentAt stamped, in the contract field order', () => {
    const badge = wirePayload(
      { kind: 'badge', eventId: 42, readerId: 'r1', uid: '04A1B2C3D4E5F6', at },
      sentAt,
    );
    expect(Object.keys(badge)).toEqual(['eventId', 'readerId', 'uid', 'at', 'sentAt']);
    expect(badgeEventSchema.parse(badge)).toEqual(badge);
    expect(
      liftEventSchema.parse(
        wirePayload({ kind: 'lift', eventId: 43, sensorId: 's1', state: 'lowered', at }, sentAt),
      ),
    ).toMatchObject({ state: 'lowered', sentAt });
    expect(
      bayEventSchema.parse(
        wirePayload({ kind: 'bay', eventId: 44, sensorId: 's2', state: 'occupied', at }, sentAt),
      ),
    ).toMatchObject({ eventId: 44 });
  });
});
