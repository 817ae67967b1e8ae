/**
 * The labour-time engine (shared/design/LABOUR.md): pure functions from the ordered event log to
 * intervals, sessions and figures. No I/O, no clock, no database — the server and `labour:replay` run the
 * same code.
 */
export * from './types.ts';
export { correctBridgeTime, compareEvents, orderEvents, eventKey } from './event-order.ts';
export {
  derive,
  deriveMechanicDays,
  prepareStation,
  type DeriveOptions,
  type PreparedStation,
} from './derive.ts';
export { replay, type ReplayOptions, type ReplayOutput } from './replay.ts';
export { computeFigures, ratio } from './figures.ts';
export type {
  Figures,
  FigureOptions,
  JobFigures,
  LiftFigures,
  MechanicFigures,
  Period,
  ReviewItem,
  TimeFigures,
} from './figures.ts';
export { liveDerivation, liveState } from './live.ts';
export type {
  LiveJob,
  LiveLift,
  LiveMechanic,
  LiveMechanicAtLift,
  LiveOptions,
  LiveState,
  LiveWait,
} from './live.ts';
export { affectedDays } from './impact.ts';
export type { Impact, KnownDays, LiftDayRef, MechanicDayRef } from './impact.ts';
export { compactSnapshot, deriveWithWorld, snapshotWorld } from './snapshot.ts';
export type { WorldSnapshot } from './world.ts';
export { parseScenario, scenarioJsonSchema, parseTime } from './scenario.ts';
export type { Scenario, ScenarioResult } from './scenario.ts';
export { apportion } from './totals.ts';
export {
  addDays,
  localDateOf,
  startOfLocalDay,
  instantOfLocalTime,
  offsetAt,
  isValidTimeZone,
} from './tz.ts';
