import { pointsBalance } from '../../crm/index.ts';
import type { VariableName } from '../rules/message-kinds.ts';
import type { VariableValue } from '../rules/template.ts';
import { select, selectOne, type Executor } from '../db.ts';

export type Values = Partial<Record<VariableName, VariableValue>>;

export interface EventContext {
  customerId: string | null;
  values: Values;
  /** What the message is about, for deduplication: one message of a kind per subject and channel. */
  subject: { type: string; id: string } | null;
  /** The cause's own earliest time (a survey is asked a day after hand-over). */
  notBefore: Date | null;
  orderId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const text = (value: string | null | undefined): VariableValue => (value ? { type: 'text', value } : null);

export async function stationValues(ex: Executor): Promise<Values> {
  const row = await selectOne<{ name: string; address: string | null; phone: string | null }>(
    ex,
    `SELECT name, address, phone FROM station_settings WHERE id = 1`,
  );
  return {
    stationName: text(row?.name ?? 'Pitwall'),
    stationAddress: text(row?.address),
    stationPhone: text(row?.phone),
  };
}

async function vehicleValues(ex: Executor, vehicleId: string): Promise<Values> {
  const row = await selectOne<{ make: string | null; model: string | null; plate: string | null }>(
    ex,
    `SELECT make, model, plate FROM vehicles WHERE id = :vehicleId`,
    { vehicleId },
  );
  if (!row) return {};
  return { car: text([row.make, row.model].filter(Boolean).join(' ')), plate: text(row.plate) };
}

/** The last vehicle the customer brought (for messages with no car in their cause). */
async function latestVehicleOf(ex: Executor, customerId: string): Promise<string | null> {
  const row = await selectOne<{ id: string }>(
    ex,
    `SELECT id FROM vehicles WHERE customer_id = :customerId ORDER BY updated_at DESC LIMIT 1`,
    { customerId },
  );
  return row?.id ?? null;
}

function link(base: string | null, path: string | null): string | null {
  if (!path) return null;
  if (!base) return path;
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * Everything a message about an event can say: the appointment's day and time, the order's number
 * and amounts, the car, the parts, the points, the survey link… read from the records the event names.
 */
export async function eventContext(
  ex: Executor,
  event: Record<string, unknown>,
  options: { linkBaseUrl: string | null },
): Promise<EventContext> {
  const values: Values = {};
  let customerId = str(event.customerId);
  let vehicleId = str(event.vehicleId);
  let orderId = str(event.orderId);
  const appointmentId = str(event.appointmentId);

  if (appointmentId) {
    const row = await selectOne<{
      starts_at: Date;
      customer_id: string | null;
      vehicle_id: string | null;
      order_id: string | null;
    }>(
      ex,
      `SELECT lower(during) AS starts_at, customer_id, vehicle_id, order_id FROM appointments WHERE id = :appointmentId`,
      { appointmentId },
    );
    if (row) {
      const at = new Date(row.starts_at);
      values.date = { type: 'date', at };
      values.time = { type: 'time', at };
      customerId ??= row.customer_id;
      vehicleId ??= row.vehicle_id;
      orderId ??= row.order_id;
    }
  }
  if (orderId) {
    const row = await selectOne<{
      number: string;
      customer_id: string;
      vehicle_id: string;
      total_minor: string;
      paid_minor: string;
    }>(
      ex,
      `SELECT number, customer_id, vehicle_id, total_minor, paid_minor FROM repair_orders WHERE id = :orderId`,
      { orderId },
    );
    if (row) {
      values.orderNumber = text(row.number);
      values.orderTotal = { type: 'money', minor: Number(row.total_minor) };
      values.amountDue = {
        type: 'money',
        minor: Math.max(0, Number(row.total_minor) - Number(row.paid_minor)),
      };
      customerId ??= row.customer_id;
      vehicleId ??= row.vehicle_id;
    }
  }
  if (!vehicleId && customerId) vehicleId = await latestVehicleOf(ex, customerId);
  if (vehicleId) Object.assign(values, await vehicleValues(ex, vehicleId));
  if (Array.isArray(event.partIds) && event.partIds.length) {
    const parts = await select<{ name: string }>(
      ex,
      `SELECT name FROM parts WHERE id IN (:ids) ORDER BY name`,
      {
        ids: event.partIds.map(String),
      },
    );
    values.partsList = { type: 'list', items: parts.map((p) => p.name) };
  }
  if (customerId) {
    const name = await selectOne<{ name: string }>(ex, `SELECT name FROM customers WHERE id = :customerId`, {
      customerId,
    });
    values.customerName = text(name?.name);
    values.pointsBalance = {
      type: 'number',
      value: await pointsBalance({ sequelize: ex.sequelize, tx: ex.tx }, customerId),
    };
  }
  if (str(event.serviceName)) values.serviceName = text(str(event.serviceName));
  if (str(event.dueOn)) values.dueDate = { type: 'date', at: new Date(`${str(event.dueOn)}T12:00:00Z`) };
  if (typeof event.dueKm === 'number') values.dueKm = { type: 'number', value: event.dueKm };
  values.surveyLink = text(link(options.linkBaseUrl, str(event.linkPath)));
  Object.assign(values, await stationValues(ex));

  const subjectId = str(event.subjectId);
  const subject = subjectId
    ? { type: str(event.subjectType) ?? String(event.type), id: subjectId }
    : str(event.surveyId)
      ? { type: 'survey', id: String(event.surveyId) }
      : appointmentId
        ? { type: 'appointment', id: appointmentId }
        : orderId
          ? { type: 'order', id: orderId }
          : null;
  // A survey is asked when the CRM says (a day after hand-over by default); other causes say notBefore.
  const notBeforeText =
    str(event.notBefore) ?? (event.type === 'crm.survey.requested' ? str(event.dueAt) : null);
  const notBefore = notBeforeText ? new Date(notBeforeText) : null;
  return {
    customerId,
    values,
    subject,
    notBefore: notBefore && !Number.isNaN(notBefore.getTime()) ? notBefore : null,
    orderId,
  };
}
