import type { TapOutcomeDto } from '../../../contracts/labour.ts';
import type { Derivation, PreparedStation, TapAction } from '../engine/index.ts';
import { ENTRANCE } from '../engine/index.ts';

export interface TapRef {
  bridgeId: string;
  eventId: number;
  readerId: string;
  at: Date;
}

const ACTION_OUTCOME: Record<TapAction, string> = {
  clock_in: 'clocked_in',
  clock_out: 'clocked_out',
  session_open: 'opened',
  session_close: 'closed',
  session_switch: 'moved',
};

const TEXT: Record<string, string> = {
  clocked_in: 'clocked in',
  clocked_out: 'clocked out',
  opened: 'started',
  closed: 'stopped',
  moved: 'moved here',
  duplicate: 'already recorded',
  unknown_badge: 'Unknown badge',
  unbound_reader: 'Reader not bound to a lift',
};

type TapRecord =
  | { kind: 'tap'; tap: Derivation['mechanicDays'][number]['taps'][number] }
  | { kind: 'rejected'; tap: Derivation['stationDays'][number]['rejectedTaps'][number] };

/** Taps of a derivation by (source, seq), built once: a batch of taps then costs one lookup each. */
const tapIndexes = new WeakMap<Derivation, Map<string, TapRecord>>();

function tapIndex(derivation: Derivation): Map<string, TapRecord> {
  let index = tapIndexes.get(derivation);
  if (index) return index;
  index = new Map();
  for (const day of derivation.mechanicDays)
    for (const tap of day.taps) {
      const key = `${tap.source}#${tap.seq}`;
      if (!index.has(key)) index.set(key, { kind: 'tap', tap });
    }
  // A tap a mechanic-day took wins over a rejection of the same event (the search order before).
  for (const day of derivation.stationDays)
    for (const tap of day.rejectedTaps) {
      const key = `${tap.source}#${tap.seq}`;
      if (!index.has(key)) index.set(key, { kind: 'rejected', tap });
    }
  tapIndexes.set(derivation, index);
  return index;
}

/** What a tap did, from the derivation that contains it (MechanicDay.taps / StationDayLog.rejectedTaps). */
export function tapOutcome(
  tap: TapRef,
  derivation: Derivation,
  station: PreparedStation,
  nameOf: (staffId: string) => string,
): TapOutcomeDto & { text: string } {
  const source = `bridge:${tap.bridgeId}`;
  const target = station.readerTarget(tap.bridgeId, tap.readerId, tap.at.getTime());
  const readerLift = target && target !== ENTRANCE ? target : null;
  const found = tapIndex(derivation).get(`${source}#${tap.eventId}`);
  if (found?.kind === 'tap') {
    const t = found.tap;
    const outcome = ACTION_OUTCOME[t.action];
    const name = nameOf(t.mechanicId);
    return {
      ok: true,
      outcome,
      staffId: t.mechanicId,
      name,
      liftId: t.liftId ?? readerLift,
      at: new Date(t.at).toISOString(),
      text: `${name} — ${TEXT[outcome]}`,
    };
  }
  if (found?.kind === 'rejected') {
    const r = found.tap;
    const name = r.mechanicId ? nameOf(r.mechanicId) : null;
    return {
      ok: r.reason === 'duplicate',
      outcome: r.reason,
      staffId: r.mechanicId,
      name,
      liftId: readerLift,
      at: new Date(r.at).toISOString(),
      text: name ? `${name} — ${TEXT[r.reason]}` : TEXT[r.reason]!,
    };
  }
  return {
    ok: false,
    outcome: 'unbound_reader',
    staffId: null,
    name: null,
    liftId: readerLift,
    at: tap.at.toISOString(),
    text: 'Not processed',
  };
}
