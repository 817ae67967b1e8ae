import { describe, expect, it } from 'vitest';
import {
  computeFigures,
  derive,
  orderEvents,
  type LabourEvent,
} from '../../../server/src/modules/timeclock/engine/index.ts';
import { chaoticLog, prng, shuffle, stationModel } from './support.ts';

/** LABOUR.md "The one principle": the same events in any order, with any replays, give the same figures. */

const DATES = ['2026-11-23', '2026-11-24', '2026-11-25'];

function figuresOf(events: LabourEvent[]): string {
  const model = stationModel();
  const derivation = derive(model, events, { from: DATES[0], to: DATES[DATES.length - 1] });
  return JSON.stringify({
    derivation,
    figures: computeFigures(model, derivation, undefined, { daily: true }),
  });
}

describe('determinism', () => {
  const events = chaoticLog(prng(2026), DATES);
  const reference = figuresOf(events);

  it('the chaotic log really exercises the rules', () => {
    const parsed = JSON.parse(reference) as {
      figures: { mechanics: { productiveSeconds: number; waitingTotalSeconds: number }[] };
    };
    expect(events.length).toBeGreaterThan(300);
    expect(parsed.figures.mechanics.some((m) => m.productiveSeconds > 0)).toBe(true);
    expect(parsed.figures.mechanics.some((m) => m.waitingTotalSeconds > 0)).toBe(true);
  });

  it('the same events shuffled 50 times (seeded) give identical intervals and figures', () => {
    const random = prng(42);
    for (let i = 0; i < 50; i++) expect(figuresOf(shuffle(events, random))).toBe(reference);
  });

  it('replayed duplicates (same source and seq, even received later with other timings) change nothing', () => {
    const random = prng(7);
    const replays = events
      .filter(() => random() < 0.3)
      .map((e) =>
        e.source.startsWith('bridge:')
          ? { ...e, raw: { at: e.at, sentAt: e.at + 3_600_000, receivedAt: e.at + 3_600_000 + 250 } }
          : { ...e },
      );
    const withRaw = events.map((e) =>
      e.source.startsWith('bridge:') ? { ...e, raw: { at: e.at, sentAt: e.at, receivedAt: e.at } } : e,
    );
    expect(figuresOf(shuffle([...withRaw, ...replays, ...replays], random))).toBe(figuresOf(withRaw));
  });

  it('of two copies the one received first is kept, whichever is handed over first', () => {
    const first = {
      source: 'bridge:b1',
      seq: 9,
      at: 1000,
      kind: 'lift.sensor',
      bridgeId: 'b1',
      sensorId: 's1',
      state: 'raised',
      raw: { at: 1000, sentAt: 1000, receivedAt: 1100 },
    } as LabourEvent;
    const later = { ...first, at: 1400, raw: { at: 1000, sentAt: 5000, receivedAt: 5400 } } as LabourEvent;
    expect(orderEvents([first, later])).toEqual([first]);
    expect(orderEvents([later, first])).toEqual([first]);
  });

  it('deriving twice gives the same result', () => {
    expect(figuresOf(events)).toBe(reference);
  });
});
