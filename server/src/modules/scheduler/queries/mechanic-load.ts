import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { MechanicDayLoad } from '../rules/booking.ts';

/**
 * Each mechanic's booked seconds on each station-local day from `fromDate` to `toDate`, clipped to
 * the day's bounds in the station's time zone, with the length of their shift that weekday.
 */
export async function mechanicDayLoads(
  sequelize: Sequelize,
  q: { staffIds: readonly string[]; fromDate: string; toDate: string; timezone: string },
  tx?: Transaction,
): Promise<MechanicDayLoad[]> {
  if (q.staffIds.length === 0) return [];
  const rows = await sequelize.query<{
    staff_id: string;
    full_name: string;
    date: string;
    booked: string;
    shift: string | null;
  }>(
    `WITH bounds AS (
       SELECT d::date AS day,
              (d::date)::timestamp AT TIME ZONE :tz AS starts,
              (d::date + 1)::timestamp AT TIME ZONE :tz AS ends,
              extract(isodow FROM d)::int AS dow
         FROM generate_series(:fromDate::date, :toDate::date, interval '1 day') AS d
     )
     SELECT s.id AS staff_id, s.full_name, to_char(b.day, 'YYYY-MM-DD') AS date,
            coalesce(sum(extract(epoch FROM least(upper(am.during), b.ends) - greatest(lower(am.during), b.starts))), 0) AS booked,
            (SELECT extract(epoch FROM sh.ends_at - sh.starts_at) FROM mechanic_shifts sh WHERE sh.staff_id = s.id AND sh.weekday = b.dow) AS shift
       FROM staff s CROSS JOIN bounds b
       LEFT JOIN appointment_mechanics am ON am.staff_id = s.id AND am.active AND am.during && tstzrange(b.starts, b.ends)
      WHERE s.id IN (:ids)
      GROUP BY s.id, s.full_name, b.day, b.starts, b.ends, b.dow
      ORDER BY s.full_name, b.day`,
    {
      replacements: { ids: q.staffIds, fromDate: q.fromDate, toDate: q.toDate, tz: q.timezone },
      type: QueryTypes.SELECT,
      transaction: tx,
    },
  );
  return rows.map((r) => ({
    staffId: r.staff_id,
    staffName: r.full_name,
    date: r.date,
    bookedSeconds: Math.round(Number(r.booked)),
    shiftSeconds: r.shift === null ? null : Math.round(Number(r.shift)),
  }));
}
