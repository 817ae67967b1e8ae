import { derive, prepareStation } from './derive.ts';
import { computeFigures, type Figures } from './figures.ts';
import type { Scenario } from './scenario.ts';
import { localDateTimeOf, offsetAt, startOfLocalDay } from './tz.ts';
import type { Derivation, LocalDate } from './types.ts';

/** What `npm run labour:replay` prints: the figures of a scenario, optionally with the day-by-day detail. */

export interface ReplayOptions {
  from?: LocalDate;
  to?: LocalDate;
  /** Each mechanic's figures per day too. */
  daily?: boolean;
  /** Sessions, presence, breaks and intervals per mechanic-day, in station-local wall-clock time. */
  details?: boolean;
}

export interface ReplayOutput {
  scenario: string;
  figures: Figures;
  details?: ReplayDetail[];
}

export interface ReplayDetail {
  mechanicId: string;
  date: LocalDate;
  presence: string[];
  breaks: string[];
  sessions: string[];
  intervals: string[];
}

export function replay(scenario: Scenario, options: ReplayOptions = {}): ReplayOutput {
  const station = prepareStation(scenario.model);
  const report = { from: options.from ?? scenario.report.from, to: options.to ?? scenario.report.to };
  // The derivation spans every event (billed shares need a job's whole life); the figures cover the period.
  const whole = derive(station, scenario.events, {});
  const from = minDate(whole.from, report.from);
  const to = maxDate(whole.to, report.to);
  const derivation =
    from === whole.from && to === whole.to ? whole : derive(station, scenario.events, { from, to });
  const period = { from: report.from ?? derivation.from, to: report.to ?? derivation.to };
  const figures = computeFigures(station, derivation, period, { daily: options.daily });
  const out: ReplayOutput = { scenario: scenario.name, figures };
  if (options.details) out.details = details(derivation, period);
  return out;
}

function minDate(a: LocalDate, b: LocalDate | undefined): LocalDate {
  return b !== undefined && b < a ? b : a;
}

function maxDate(a: LocalDate, b: LocalDate | undefined): LocalDate {
  return b !== undefined && b > a ? b : a;
}

function details(derivation: Derivation, period: { from: LocalDate; to: LocalDate }): ReplayDetail[] {
  const tz = derivation.timeZone;
  const offset = (ms: number) => {
    const minutes = Math.round(ms / 60_000);
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  return derivation.mechanicDays
    .filter((d) => d.date >= period.from && d.date <= period.to)
    .map((d) => {
      // On a DST day the same wall-clock time can occur twice: show the offset where it changed.
      const dayOffset = offsetAt(startOfLocalDay(d.date, tz), tz);
      const local = (t: number | null) => {
        if (t === null) return 'open';
        const o = offsetAt(t, tz);
        return localDateTimeOf(t, tz).slice(11) + (o === dayOffset ? '' : offset(o));
      };
      return {
        mechanicId: d.mechanicId,
        date: d.date,
        presence: d.presence.map(
          (p) =>
            `${local(p.from)}–${local(p.to)} in by ${p.openedBy}, out by ${p.closedBy}${p.autoRule ? ` (${p.autoRule})` : ''}`,
        ),
        breaks: d.breaks.map((b) => `${local(b.from)}–${local(b.to)} ended by ${b.closedBy}`),
        sessions: d.sessions.map(
          (s) =>
            `${s.liftId} ${local(s.openedAt)}–${local(s.closedAt)} closed by ${s.closedBy}${s.autoRule ? ` (${s.autoRule})` : ''}`,
        ),
        intervals: d.intervals.map(
          (i) =>
            `${local(i.from)}–${local(i.to)} ${i.kind}${i.liftId ? ` @${i.liftId}` : ''}${i.jobIds.length ? ` [${i.jobIds.join(', ')}]` : ''}`,
        ),
      };
    });
}
