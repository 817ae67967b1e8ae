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
  for (const day of derivation.mechanicDays) {
    const t = day.taps.find((x) => x.source === source && x.seq === tap.eventId);
    if (!t) continue;
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
  for (const day of derivation.stationDays) {
    const r = day.rejectedTaps.find((x) => x.source === source && x.seq === tap.eventId);
    if (!r) continue;
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
