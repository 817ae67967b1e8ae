import { z } from 'zod';
import { correctBridgeTime } from './event-order.ts';
import { instantOfLocal, isLocalDate, isLocalTime, isValidTimeZone, parseLocalTime } from './tz.ts';
import {
  DEFAULT_RULES,
  ENTRANCE,
  WAIT_REASONS,
  type BridgeTiming,
  type Instant,
  type IsoWeekday,
  type LabourEvent,
  type LocalDate,
  type ReaderBinding,
  type SensorBinding,
  type StationModel,
  type WeeklyWindow,
} from './types.ts';

/** The scenario file of `npm run labour:replay` (format: SCENARIO.md next to this file). */

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const id = z.string().trim().min(1, 'must not be empty').max(100);
const localDate = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');
const localTime = z.string().refine(isLocalTime, 'must be a time HH:MM or HH:MM:SS');
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,3}))?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Epoch ms, ISO-8601 with `Z` or an offset, or a station-local `YYYY-MM-DDTHH:MM[:SS[.mmm]]`. */
const time = z.union([
  z.number().int('must be whole milliseconds'),
  z
    .string()
    .refine((s) => LOCAL_DATE_TIME.test(s) || (ZONED_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))), {
      message: 'must be epoch ms, ISO-8601 with Z or an offset, or a local date-time YYYY-MM-DDTHH:MM[:SS]',
    }),
]);
type TimeValue = z.infer<typeof time>;

const window = z
  .strictObject({ start: localTime, end: localTime })
  .refine(
    (w) => parseLocalTime(w.end) > parseLocalTime(w.start),
    'end must be after start (no window crosses midnight)',
  );
const weekly = z
  .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), start: localTime, end: localTime })
  .refine(
    (w) => parseLocalTime(w.end) > parseLocalTime(w.start),
    'end must be after start (no window crosses midnight)',
  );
const overrides = z.array(z.strictObject({ date: localDate, windows: z.array(window) }));

const uid = z
  .string()
  .transform((s) => s.replace(/[\s:-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{2,64}$/, 'must be a card UID in hex'));
const ranged = { from: time.optional(), to: time.optional() };

const mechanic = z.strictObject({
  id,
  name: z.string().min(1),
  badges: z.array(z.union([uid, z.strictObject({ uid, ...ranged })])),
  shifts: z.array(weekly).default([]),
  shiftOverrides: overrides.optional(),
});

const readerValue = z.union([id, z.array(z.strictObject({ target: id, ...ranged })).min(1)]);
const sensorOne = z.strictObject({ lift: id, kind: z.enum(['lift', 'bay']), ...ranged });
const sensorValue = z.union([sensorOne, z.array(sensorOne).min(1)]);
const bindingKey = z
  .string()
  .regex(/^[a-z0-9-]{1,32}\/[A-Za-z0-9_-]{1,64}$/, 'must be "<bridgeId>/<readerId or sensorId>"');

const job = z
  .strictObject({
    id,
    name: z.string().optional(),
    normSeconds: z.number().int().nonnegative().optional(),
    normHours: z.number().nonnegative().optional(),
    assignees: z.array(id).optional(),
    declined: z.boolean().optional(),
  })
  .refine(
    (j) => (j.normSeconds === undefined) !== (j.normHours === undefined),
    'give exactly one of normSeconds or normHours',
  );

const raw = z.strictObject({ at: time, sentAt: time, receivedAt: time });
const base = { source: z.string().min(1).max(100), seq: z.number().int().nonnegative(), at: time };
const bridgeBase = {
  source: z.string().regex(/^bridge:[a-z0-9-]{1,32}$/, 'must be bridge:<bridgeId>'),
  seq: base.seq,
  at: time.optional(),
  raw: raw.optional(),
};
const reason = z.string().trim().min(1, 'a correction needs a reason');

const event = z.discriminatedUnion('kind', [
  z.strictObject({ ...bridgeBase, kind: z.literal('badge.tap'), readerId: z.string().min(1), uid }),
  z.strictObject({
    ...bridgeBase,
    kind: z.literal('lift.sensor'),
    sensorId: z.string().min(1),
    state: z.enum(['raised', 'lowered']),
  }),
  z.strictObject({
    ...bridgeBase,
    kind: z.literal('bay.sensor'),
    sensorId: z.string().min(1),
    state: z.enum(['occupied', 'free']),
  }),
  z.strictObject({ ...base, kind: z.literal('job.start'), jobId: id }),
  z.strictObject({ ...base, kind: z.literal('job.pause'), jobId: id, reason: z.enum(WAIT_REASONS) }),
  z.strictObject({ ...base, kind: z.literal('job.resume'), jobId: id }),
  z.strictObject({ ...base, kind: z.literal('job.complete'), jobId: id }),
  z.strictObject({ ...base, kind: z.literal('job.assign'), jobId: id, mechanicId: id }),
  z.strictObject({ ...base, kind: z.literal('job.unassign'), jobId: id, mechanicId: id }),
  z.strictObject({ ...base, kind: z.literal('parts.issued'), jobId: id.optional(), orderId: id.optional() }),
  z.strictObject({
    ...base,
    kind: z.literal('approval.decided'),
    jobId: id.optional(),
    orderId: id.optional(),
    decision: z.enum(['approved', 'declined']),
  }),
  z.strictObject({ ...base, kind: z.literal('break.start'), mechanicId: id }),
  z.strictObject({ ...base, kind: z.literal('break.end'), mechanicId: id }),
  z.strictObject({ ...base, kind: z.literal('placement.placed'), orderId: id, liftId: id }),
  z.strictObject({ ...base, kind: z.literal('placement.removed'), orderId: id }),
  z.strictObject({
    ...base,
    kind: z.literal('order.arrived'),
    orderId: id,
    plannedLiftId: id.nullable().optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('order.lift_planned'), orderId: id, liftId: id.nullable() }),
  z.strictObject({ ...base, kind: z.literal('order.departed'), orderId: id }),
  z.strictObject({
    ...base,
    kind: z.literal('correction.close_session'),
    mechanicId: id,
    closeAt: time,
    sessionOpenedAt: time.optional(),
    reason,
    by: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('correction.move_time'),
    mechanicId: id,
    fromJobId: id,
    toJobId: id,
    reason,
    by: z.string().optional(),
    seconds: z.number().int().positive().optional(),
    date: localDate.optional(),
    from: time.optional(),
    to: time.optional(),
  }),
]);
type ScenarioEvent = z.infer<typeof event>;

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    station: z.strictObject({
      timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
      openingHours: z.array(weekly),
      openingOverrides: overrides.optional(),
      rules: z
        .strictObject({
          duplicateTapSeconds: z.number().positive().optional(),
          sessionCapHours: z.number().positive().optional(),
          autoCloseGraceMinutes: z.number().nonnegative().optional(),
        })
        .optional(),
    }),
    mechanics: z.array(mechanic),
    lifts: z.array(z.strictObject({ id, code: z.string().min(1) })),
    readers: z.record(bindingKey, readerValue).default({}),
    sensors: z.record(bindingKey, sensorValue).default({}),
    orders: z.array(z.strictObject({ id, number: z.string().optional(), jobs: z.array(job) })).default([]),
    events: z.array(event),
    report: z.strictObject({ from: localDate.optional(), to: localDate.optional() }).optional(),
  })
  .superRefine((s, ctx) => crossCheck(s, ctx));

export type ScenarioFile = z.infer<typeof scenarioSchema>;

export interface Scenario {
  name: string;
  description: string | null;
  model: StationModel;
  events: LabourEvent[];
  report: { from?: LocalDate; to?: LocalDate };
}

function crossCheck(s: ScenarioFile, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const unique = (ids: string[], path: string, what: string) => {
    const seen = new Set<string>();
    ids.forEach((v, i) => {
      if (seen.has(v)) issue([path, i, 'id'], `duplicate ${what} id ${v}`);
      seen.add(v);
    });
  };
  unique(
    s.mechanics.map((m) => m.id),
    'mechanics',
    'mechanic',
  );
  unique(
    s.lifts.map((l) => l.id),
    'lifts',
    'lift',
  );
  unique(
    s.orders.map((o) => o.id),
    'orders',
    'order',
  );
  const mechanics = new Set(s.mechanics.map((m) => m.id));
  const lifts = new Set(s.lifts.map((l) => l.id));
  const orders = new Set(s.orders.map((o) => o.id));
  const jobs = new Set<string>();
  s.orders.forEach((o, oi) =>
    o.jobs.forEach((j, ji) => {
      if (jobs.has(j.id)) issue(['orders', oi, 'jobs', ji, 'id'], `duplicate job id ${j.id}`);
      jobs.add(j.id);
      (j.assignees ?? []).forEach((m, mi) => {
        if (!mechanics.has(m)) issue(['orders', oi, 'jobs', ji, 'assignees', mi], `unknown mechanic ${m}`);
      });
    }),
  );
  if (lifts.has(ENTRANCE)) issue(['lifts'], `"${ENTRANCE}" is reserved for the entrance reader`);
  for (const [key, value] of Object.entries(s.readers)) {
    for (const t of typeof value === 'string' ? [value] : value.map((v) => v.target)) {
      if (t !== ENTRANCE && !lifts.has(t)) issue(['readers', key], `unknown lift ${t} (or "${ENTRANCE}")`);
    }
  }
  for (const [key, value] of Object.entries(s.sensors)) {
    for (const v of Array.isArray(value) ? value : [value])
      if (!lifts.has(v.lift)) issue(['sensors', key], `unknown lift ${v.lift}`);
  }
  s.events.forEach((e, i) => {
    const at = (field: string, known: Set<string>, value: string | null | undefined, what: string) => {
      if (value != null && !known.has(value)) issue(['events', i, field], `unknown ${what} ${value}`);
    };
    if ('mechanicId' in e) at('mechanicId', mechanics, e.mechanicId, 'mechanic');
    if ('jobId' in e) at('jobId', jobs, e.jobId, 'job');
    if ('orderId' in e) at('orderId', orders, e.orderId, 'order');
    if ('liftId' in e) at('liftId', lifts, e.liftId, 'lift');
    if ('plannedLiftId' in e) at('plannedLiftId', lifts, e.plannedLiftId, 'lift');
    if (e.kind === 'correction.move_time') {
      at('fromJobId', jobs, e.fromJobId, 'job');
      at('toJobId', jobs, e.toJobId, 'job');
      const bySeconds = e.seconds !== undefined;
      const byInterval = e.from !== undefined || e.to !== undefined;
      if (bySeconds === byInterval || (byInterval && (e.from === undefined || e.to === undefined))) {
        issue(['events', i], 'a move_time correction gives either seconds (and date) or from and to');
      }
      if (bySeconds && e.date === undefined)
        issue(['events', i, 'date'], 'moving seconds needs the local date');
      const tz = s.station.timeZone;
      if (e.from !== undefined && e.to !== undefined && parseTime(e.to, tz) <= parseTime(e.from, tz)) {
        issue(['events', i, 'to'], 'to must be after from');
      }
    }
    if (
      (e.kind === 'parts.issued' || e.kind === 'approval.decided') &&
      e.jobId === undefined &&
      e.orderId === undefined
    ) {
      issue(['events', i], 'give jobId or orderId');
    }
    if (
      (e.kind === 'badge.tap' || e.kind === 'lift.sensor' || e.kind === 'bay.sensor') &&
      e.at === undefined &&
      !e.raw
    ) {
      issue(['events', i, 'at'], 'a bridge event needs at (corrected) or raw {at, sentAt, receivedAt}');
    }
  });
}

export function parseTime(value: TimeValue, timeZone: string): Instant {
  if (typeof value === 'number') return value;
  const local = LOCAL_DATE_TIME.exec(value);
  if (local) {
    return (
      instantOfLocal(local[1]!, parseLocalTime(local[2]!), timeZone) +
      Number((local[3] ?? '0').padEnd(3, '0'))
    );
  }
  return Date.parse(value);
}

const weekday = (d: (typeof WEEKDAYS)[number]) => (WEEKDAYS.indexOf(d) + 1) as IsoWeekday;

function weeklyWindows(
  list: { days: (typeof WEEKDAYS)[number][]; start: string; end: string }[],
): WeeklyWindow[] {
  return list.flatMap((w) => w.days.map((d) => ({ weekday: weekday(d), start: w.start, end: w.end })));
}

function toEvent(e: ScenarioEvent, tz: string): LabourEvent {
  const t = (v: TimeValue) => parseTime(v, tz);
  if (e.kind === 'badge.tap' || e.kind === 'lift.sensor' || e.kind === 'bay.sensor') {
    const bridgeId = e.source.slice('bridge:'.length);
    const rawTiming: BridgeTiming | undefined = e.raw && {
      at: t(e.raw.at),
      sentAt: t(e.raw.sentAt),
      receivedAt: t(e.raw.receivedAt),
    };
    // A stored corrected time wins; otherwise it is computed from what the bridge sent.
    const at = e.at !== undefined ? t(e.at) : correctBridgeTime(rawTiming!);
    const common = { source: e.source, seq: e.seq, at, bridgeId, ...(rawTiming ? { raw: rawTiming } : {}) };
    if (e.kind === 'badge.tap') return { ...common, kind: e.kind, readerId: e.readerId, uid: e.uid };
    if (e.kind === 'lift.sensor') return { ...common, kind: e.kind, sensorId: e.sensorId, state: e.state };
    return { ...common, kind: e.kind, sensorId: e.sensorId, state: e.state };
  }
  const at = t(e.at);
  switch (e.kind) {
    case 'correction.close_session':
      return {
        ...e,
        at,
        closeAt: t(e.closeAt),
        sessionOpenedAt: e.sessionOpenedAt === undefined ? undefined : t(e.sessionOpenedAt),
      };
    case 'correction.move_time':
      return {
        ...e,
        at,
        from: e.from === undefined ? undefined : t(e.from),
        to: e.to === undefined ? undefined : t(e.to),
      };
    default:
      return { ...e, at };
  }
}

export function scenarioFromFile(file: ScenarioFile): Scenario {
  const tz = file.station.timeZone;
  const t = (v: TimeValue | undefined) => (v === undefined ? undefined : parseTime(v, tz));
  const readers: ReaderBinding[] = Object.entries(file.readers).flatMap(([key, value]) => {
    const [bridgeId, readerId] = key.split('/') as [string, string];
    if (typeof value === 'string') return [{ bridgeId, readerId, target: value }];
    return value.map((v) => ({
      bridgeId,
      readerId,
      target: v.target,
      validFrom: t(v.from),
      validTo: t(v.to),
    }));
  });
  const sensors: SensorBinding[] = Object.entries(file.sensors).flatMap(([key, value]) => {
    const [bridgeId, sensorId] = key.split('/') as [string, string];
    return (Array.isArray(value) ? value : [value]).map((v) => ({
      bridgeId,
      sensorId,
      liftId: v.lift,
      kind: v.kind,
      validFrom: t(v.from),
      validTo: t(v.to),
    }));
  });
  const rules = file.station.rules;
  const model: StationModel = {
    timeZone: tz,
    openingHours: weeklyWindows(file.station.openingHours),
    openingOverrides: file.station.openingOverrides,
    mechanics: file.mechanics.map((m) => ({
      id: m.id,
      name: m.name,
      badges: m.badges.map((b) =>
        typeof b === 'string' ? { uid: b } : { uid: b.uid, validFrom: t(b.from), validTo: t(b.to) },
      ),
      shifts: weeklyWindows(m.shifts),
      shiftOverrides: m.shiftOverrides,
    })),
    lifts: file.lifts,
    readers,
    sensors,
    orders: file.orders.map((o) => ({
      id: o.id,
      number: o.number,
      jobs: o.jobs.map((j) => ({
        id: j.id,
        orderId: o.id,
        name: j.name,
        normSeconds: j.normSeconds ?? Math.round(j.normHours! * 3600),
        assignees: j.assignees,
        declined: j.declined,
      })),
    })),
    rules: {
      duplicateTapMs: Math.round((rules?.duplicateTapSeconds ?? DEFAULT_RULES.duplicateTapMs / 1000) * 1000),
      sessionCapSeconds: Math.round(
        (rules?.sessionCapHours ?? DEFAULT_RULES.sessionCapSeconds / 3600) * 3600,
      ),
      autoCloseGraceSeconds: Math.round(
        (rules?.autoCloseGraceMinutes ?? DEFAULT_RULES.autoCloseGraceSeconds / 60) * 60,
      ),
    },
  };
  return {
    name: file.name,
    description: file.description ?? null,
    model,
    events: file.events.map((e) => toEvent(e, tz)),
    report: file.report ?? {},
  };
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Validates a parsed JSON value as a scenario; on failure the error names every bad field by its path. */
export function parseScenario(json: unknown): ScenarioResult {
  const result = scenarioSchema.safeParse(json);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error) };
  return { ok: true, scenario: scenarioFromFile(result.data) };
}

/** JSON Schema of the scenario file (for editors; SCENARIO.md explains the fields). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
