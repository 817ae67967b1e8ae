import { describe, expect, it } from 'vitest';
import {
  badgeEventSchema,
  bayEventSchema,
  bridgeStatusSchema,
  feedbackRequestSchema,
  liftEventSchema,
  parseBridgeEvent,
  parsePayload,
  bridgeResponseSchema,
} from '../../../server/src/contracts/mqtt-payloads.ts';

const at = '2026-11-22T08:01:02.345Z';
const badge = { eventId: 42, readerId: 'r1', uid: '04A1B2C3D4E5F6', at, sentAt: at };

describe('MQTT payload schemas (MQTT.md)', () => {
  it('accepts the contract examples', () => {
    expect(badgeEventSchema.parse(badge)).toEqual(badge);
    expect(
      liftEventSchema.parse({ eventId: 43, sensorId: 's1', state: 'raised', at, sentAt: at }).state,
    ).toBe('raised');
    expect(bayEventSchema.parse({ eventId: 44, sensorId: 's2', state: 'free', at, sentAt: at }).state).toBe(
      'free',
    );
    expect(
      bridgeStatusSchema.parse({
        state: 'online',
        fw: '1.2.0',
        readers: [{ id: 'r1', ok: true }],
        sensors: [{ id: 's1', kind: 'lift' }],
        bootAt: at,
      }).state,
    ).toBe('online');
    expect(bridgeStatusSchema.parse({ state: 'offline' })).toEqual({ state: 'offline' });
    expect(
      feedbackRequestSchema.parse({
        transaction: 't',
        readerId: 'r1',
        outcome: 'accepted',
        text: 'Ivanov — job started',
      }).outcome,
    ).toBe('accepted');
    expect(bridgeResponseSchema.parse({ transaction: 't', status: 'ok' }).status).toBe('ok');
  });

  it.each([
    ['eventId 0', { eventId: 0 }, 'eventId'],
    ['eventId -1', { eventId: -1 }, 'eventId'],
    ['eventId 1.5', { eventId: 1.5 }, 'eventId'],
    ['eventId as a string', { eventId: '42' }, 'eventId'],
    ['eventId beyond 2^53', { eventId: 2 ** 60 }, 'eventId'],
    ['an upper-case readerId', { readerId: 'R1' }, 'readerId'],
    ['a readerId of 33 characters', { readerId: 'r'.repeat(33) }, 'readerId'],
    ['a lower-case uid', { uid: '04a1b2c3d4e5f6' }, 'uid'],
    ['a uid of odd length', { uid: '04A1B2C3D' }, 'uid'],
    ['a uid of 3 bytes', { uid: '04A1B2' }, 'uid'],
    ['a uid with separators', { uid: '04:A1:B2:C3' }, 'uid'],
    ['at with an offset', { at: '2026-11-22T11:01:02.345+03:00' }, 'at'],
    ['at without a zone', { at: '2026-11-22T08:01:02' }, 'at'],
    ['sentAt missing', { sentAt: undefined }, 'sentAt'],
  ])('refuses a badge event with %s, naming the field', (_name, change, field) => {
    const result = parsePayload(badgeEventSchema, JSON.stringify({ ...badge, ...change }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason.startsWith(`${field}:`)).toBe(true);
  });

  it('refuses states of the other sensor kind', () => {
    expect(
      liftEventSchema.safeParse({ eventId: 1, sensorId: 's1', state: 'occupied', at, sentAt: at }).success,
    ).toBe(false);
    expect(
      bayEventSchema.safeParse({ eventId: 1, sensorId: 's1', state: 'raised', at, sentAt: at }).success,
    ).toBe(false);
  });

  it('parses a raw events/<kind> payload or says why not', () => {
    expect(parseBridgeEvent('badge', Buffer.from(JSON.stringify(badge)))).toMatchObject({
      ok: true,
      kind: 'badge',
      value: badge,
    });
    expect(parseBridgeEvent('badge', '{not json')).toEqual({
      ok: false,
      reason: 'payload is not valid JSON',
      kind: 'badge',
    });
    expect(parseBridgeEvent('door', '{}')).toEqual({ ok: false, reason: 'unknown event kind "door"' });
    expect(parseBridgeEvent('lift', JSON.stringify(badge))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^sensorId:/),
    });
  });

  it('drops unknown extra fields instead of refusing them (a newer bridge)', () => {
    expect(badgeEventSchema.parse({ ...badge, rssi: -40 })).toEqual(badge);
  });
});
