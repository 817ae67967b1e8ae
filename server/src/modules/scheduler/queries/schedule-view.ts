import { QueryTypes, type Sequelize } from 'sequelize';
import type { ScheduleViewDto } from '../../../contracts/workshop.ts';
import { Lift } from '../models/lift.ts';
import { addDays } from '../rules/local-days.ts';
import { appointmentsWhere } from './appointments.ts';
import { placementsWhere } from './placements.ts';

/**
 * The lifts × time grid for `days` station-local days from `from`: every lift (or one) with its
 * bookings (cancelled ones left out) and the placements of cars on it in that period.
 */
export async function scheduleView(
  sequelize: Sequelize,
  q: { from: string; days: number; timezone: string; liftId?: string },
): Promise<ScheduleViewDto> {
  const to = addDays(q.from, q.days - 1);
  const [bounds] = await sequelize.query<{ starts_at: Date; ends_at: Date }>(
    `SELECT (:from::date)::timestamp AT TIME ZONE :tz AS starts_at, (:to::date + 1)::timestamp AT TIME ZONE :tz AS ends_at`,
    { replacements: { from: q.from, to, tz: q.timezone }, type: QueryTypes.SELECT },
  );
  const startsAt = new Date(bounds!.starts_at);
  const endsAt = new Date(bounds!.ends_at);
  const [lifts, appointments, placements] = await Promise.all([
    Lift.findAll({
      where: q.liftId ? { id: q.liftId } : {},
      order: [
        ['position', 'ASC'],
        ['code', 'ASC'],
      ],
    }),
    appointmentsWhere(sequelize, { liftId: q.liftId, from: startsAt, to: endsAt }),
    placementsWhere(sequelize, { liftId: q.liftId, from: startsAt, to: endsAt }),
  ]);
  return {
    from: q.from,
    to,
    timezone: q.timezone,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    lifts: lifts.map((l) => ({
      lift: {
        id: l.id,
        code: l.code,
        name: l.name,
        kind: l.kind,
        status: l.status,
        jobKinds: l.jobKinds ?? [],
      },
      appointments: appointments.filter((a) => a.liftId === l.id),
      placements: placements.filter((p) => p.liftId === l.id).reverse(),
    })),
  };
}
