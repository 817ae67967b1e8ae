import type { CommandContext } from '../../../platform/context.ts';
import { addDays, instantOfLocal, localDateOf } from '../../timeclock/engine/tz.ts';
import { select } from '../db.ts';

/**
 * The day-before reminder: every booked appointment that starts on tomorrow's station-local date
 * becomes a `notifications.appointment_tomorrow` event for the rules (one reminder per appointment
 * and day: the subject carries the date, so a moved appointment is reminded again).
 */
export async function announceTomorrowsAppointments(cx: CommandContext, timeZone: string): Promise<number> {
  const tomorrow = addDays(localDateOf(cx.now.getTime(), timeZone), 1);
  const from = new Date(instantOfLocal(tomorrow, 0, timeZone));
  const to = new Date(instantOfLocal(addDays(tomorrow, 1), 0, timeZone));
  const rows = await select<{
    id: string;
    customer_id: string;
    vehicle_id: string | null;
    order_id: string | null;
  }>(
    cx,
    `SELECT id, customer_id, vehicle_id, order_id FROM appointments
      WHERE status = 'booked' AND customer_id IS NOT NULL AND lower(during) >= :from AND lower(during) < :to
      ORDER BY lower(during)`,
    { from, to },
  );
  for (const row of rows)
    cx.emit({
      type: 'notifications.appointment_tomorrow',
      appointmentId: row.id,
      customerId: row.customer_id,
      vehicleId: row.vehicle_id,
      orderId: row.order_id,
      date: tomorrow,
      subjectType: 'appointment_reminder',
      subjectId: `${row.id}@${tomorrow}`,
    });
  return rows.length;
}

/**
 * Birthday greetings: customers whose birth date (notification_customer_profiles) is today on the
 * station's calendar; 29 February is greeted on 28 February in other years. Consent to marketing
 * messages is checked when the message is queued.
 */
export async function announceBirthdays(cx: CommandContext, timeZone: string): Promise<number> {
  const today = localDateOf(cx.now.getTime(), timeZone);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const alsoLeapDay = !leap && month === 2 && day === 28;
  const rows = await select<{ customer_id: string }>(
    cx,
    `SELECT p.customer_id FROM notification_customer_profiles p JOIN customers c ON c.id = p.customer_id AND c.merged_into_id IS NULL
      WHERE p.birth_date IS NOT NULL
        AND ((extract(month FROM p.birth_date) = :month AND extract(day FROM p.birth_date) = :day)
             OR (:alsoLeapDay AND extract(month FROM p.birth_date) = 2 AND extract(day FROM p.birth_date) = 29))`,
    { month, day, alsoLeapDay },
  );
  for (const row of rows)
    cx.emit({
      type: 'notifications.birthday',
      customerId: row.customer_id,
      subjectType: 'birthday',
      subjectId: `${row.customer_id}@${year}`,
    });
  return rows.length;
}
