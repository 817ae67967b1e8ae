import { describe, expect, it } from 'vitest';
import {
  decodeLine,
  encodeAck,
  encodeEvent,
  maxEventId,
  pendingEvents,
  scanJournal,
  type StoredEvent,
} from '../../../firmware-bridge/src/outbox/journal-records.ts';

const at = '2026-11-22T08:01:02.345Z';
const tap = (eventId: number): StoredEvent => ({
  kind: 'badge',
  eventId,
  readerId: 'r1',
  uid: '04A1B2C3D4E5F6',
  at,
});
const lift = (eventId: number): StoredEvent => ({
  kind: 'lift',
  eventId,
  sensorId: 's1',
  state: 'raised',
  at,
});

describe('outbox journal records', () => {
  it('round-trips events and acks through one line each', () => {
    expect(encodeEvent(tap(7)).endsWith('\n')).toBe(true);
    expect(decodeLine(encodeEvent(tap(7)).trimEnd())).toEqual({ type: 'event', event: tap(7) });
    expect(decodeLine(encodeEvent(lift(8)).trimEnd())).toEqual({ type: 'event', event: lift(8) });
    expect(decodeLine(encodeAck([1, 2]).trimEnd())).toEqual({ type: 'ack', ids: [1, 2] });
  });

  it.each([
    ['not JSON', '{"e":1,"k":"badge","d":{"readerId"'],
    ['an unknown kind', '{"e":1,"k":"door","d":{"at":"2026-11-22T08:01:02.345Z"}}'],
    [
      'a zero id',
      '{"e":0,"k":"badge","d":{"readerId":"r1","uid":"04A1B2C3D4E5F6","at":"2026-11-22T08:01:02.345Z"}}',
    ],
    ['a bad state', '{"e":1,"k":"lift","d":{"sensorId":"s1","state":"up","at":"2026-11-22T08:01:02.345Z"}}'],
    ['NUL bytes', '\u0000\u0000\u0000'],
    ['an empty ack', '{"a":[]}'],
  ])('rejects a line with %s', (_name, line) => {
    expect(decodeLine(line)).toBeNull();
  });

  it('cuts a torn last line and reports where the valid part ends', () => {
    const good = encodeEvent(tap(1)) + encodeEvent(tap(2));
    const scan = scanJournal(Buffer.from(`${good}{"e":3,"k":"bad`));
    expect(scan.records).toHaveLength(2);
    expect(scan.validBytes).toBe(Buffer.byteLength(good));
    expect(scan.tornBytes).toBe(Buffer.byteLength('{"e":3,"k":"bad'));
    expect(scan.corruptLines).toBe(0);
  });

  it('treats complete but invalid lines at the end as part of the torn tail', () => {
    const good = encodeEvent(tap(1));
    const scan = scanJournal(Buffer.concat([Buffer.from(good), Buffer.alloc(10), Buffer.from('\n')]));
    expect(scan.validBytes).toBe(Buffer.byteLength(good));
    expect(scan.tornBytes).toBe(11);
  });

  it('skips and counts a damaged line in the middle, keeping what follows', () => {
    const scan = scanJournal(Buffer.from(`${encodeEvent(tap(1))}garbage\n${encodeEvent(tap(2))}`));
    expect(scan.records).toHaveLength(2);
    expect(scan.corruptLines).toBe(1);
    expect(scan.tornBytes).toBe(0);
  });

  it('replays the pending events in eventId order, without the acknowledged ones', () => {
    const scan = scanJournal(
      Buffer.from(
        encodeEvent(tap(3)) + encodeEvent(tap(1)) + encodeEvent(lift(2)) + encodeAck([3]) + encodeAck([9]),
      ),
    );
    expect(pendingEvents(scan.records).map((e) => e.eventId)).toEqual([1, 2]);
    expect(maxEventId(scan.records)).toBe(3);
    expect(maxEventId([])).toBe(0);
  });
});
