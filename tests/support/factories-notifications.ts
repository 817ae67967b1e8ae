import { QueryTypes } from 'sequelize';
import { bookAppointment } from '../../server/src/modules/scheduler/index.ts';
import { updateSettings } from '../../server/src/modules/notifications/commands/update-settings.ts';
import type { SettingsInput } from '../../server/src/modules/notifications/notifications.schemas.ts';
import { setConsents } from '../../server/src/modules/workshop/commands/update-customer.ts';
import { asFactory, makeLift } from './factories.ts';
import { makeCustomer, makeVehicle } from './factories-workshop.ts';
import type { TestStation } from './test-station.ts';

export interface OutboxRow {
  id: string;
  kind: string;
  purpose: string;
  channel: 'sms' | 'email';
  customer_id: string | null;
  recipient: string;
  locale: string;
  subject: string | null;
  body: string;
  attachments: Array<{ type: string; orderId?: string }>;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  waiting_reason: string | null;
  last_error: string | null;
  provider: string | null;
  provider_message_id: string | null;
  dedup_key: string | null;
  created_at: Date;
}

const query = <T extends object>(
  station: TestStation,
  sql: string,
  replacements: Record<string, unknown> = {},
) => station.deps.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });

/** The customer's messages in the outbox, oldest first. */
export function messagesOf(station: TestStation, customerId: string): Promise<OutboxRow[]> {
  return query<OutboxRow>(
    station,
    `SELECT * FROM notification_messages WHERE customer_id = :customerId ORDER BY created_at, id`,
    { customerId },
  );
}

export async function messageById(station: TestStation, id: string): Promise<OutboxRow> {
  const [row] = await query<OutboxRow>(station, `SELECT * FROM notification_messages WHERE id = :id`, { id });
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

/** The delivery log lines of a message: [status, detail]. */
export async function eventsOf(
  station: TestStation,
  messageId: string,
): Promise<Array<{ status: string; attempt: number; detail: string | null }>> {
  return query(
    station,
    `SELECT status, attempt, detail FROM notification_message_events WHERE message_id = :messageId ORDER BY seq`,
    { messageId },
  );
}

export function suppressionsOf(
  station: TestStation,
  customerId: string,
): Promise<Array<{ kind: string; channel: string; reason: string; detail: string }>> {
  return query(
    station,
    `SELECT kind, channel, reason, detail FROM notification_suppressions WHERE customer_id = :customerId ORDER BY at`,
    { customerId },
  );
}

/** Changes the notification settings as a manager would (the same command as the API). */
export function configureNotifications(station: TestStation, input: SettingsInput) {
  return asFactory(station, (cx) => updateSettings(cx, input));
}

/** A customer with a phone (and an e-mail when given) and the consents wanted (service on, marketing off by default). */
export async function makeMessageCustomer(
  station: TestStation,
  options: {
    name?: string;
    email?: string;
    phones?: string[];
    consents?: Partial<{
      smsService: boolean;
      smsMarketing: boolean;
      emailService: boolean;
      emailMarketing: boolean;
    }>;
    make?: string;
    plate?: string;
  } = {},
) {
  const customer = await makeCustomer(station, {
    name: options.name,
    email: options.email,
    phones: options.phones,
  });
  if (options.consents && Object.keys(options.consents).length)
    await asFactory(station, (cx) => setConsents(cx, customer.id, options.consents!));
  const vehicle = await makeVehicle(station, customer.id, {
    make: options.make ?? 'Kia',
    model: 'Rio',
    plate: options.plate,
  });
  return { customer, vehicle };
}

/** Books the customer's car on a new lift at `startsAt` (one hour). */
export async function bookFor(station: TestStation, customerId: string, vehicleId: string, startsAt: Date) {
  const lift = await makeLift(station);
  const { appointment } = await asFactory(station, (cx) =>
    bookAppointment(cx, {
      liftId: lift.id,
      startsAt,
      durationSeconds: 3600,
      customerId,
      vehicleId,
      timezone: station.config.station.timezone,
    }),
  );
  return appointment;
}
