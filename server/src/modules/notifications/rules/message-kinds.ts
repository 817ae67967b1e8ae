import type { VariableValue } from './template.ts';

export const CHANNELS = ['sms', 'email'] as const;
export type ChannelKind = (typeof CHANNELS)[number];

export const PURPOSES = ['service', 'marketing'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const MESSAGE_LOCALES = ['en', 'ru'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

export type VariableType = Exclude<NonNullable<VariableValue>, never>['type'];

/** Every variable a template may use, with its type (how it is formatted) and what it means. */
export const VARIABLES = {
  customerName: { type: 'text', describe: "the customer's name" },
  car: { type: 'text', describe: 'make and model' },
  plate: { type: 'text', describe: 'the plate number' },
  date: { type: 'date', describe: 'the day of the appointment' },
  time: { type: 'time', describe: 'the time of the appointment' },
  orderNumber: { type: 'text', describe: 'the repair order number' },
  amountDue: { type: 'money', describe: 'what is left to pay on the order' },
  orderTotal: { type: 'money', describe: 'the total of the order' },
  pointsBalance: { type: 'number', describe: "the customer's bonus points" },
  partsList: { type: 'list', describe: 'the parts that arrived' },
  serviceName: { type: 'text', describe: 'the service that is due' },
  dueDate: { type: 'date', describe: 'when the service is due' },
  dueKm: { type: 'number', describe: 'the mileage at which the service is due' },
  surveyLink: { type: 'text', describe: 'the link to the satisfaction survey' },
  stationName: { type: 'text', describe: "the station's name" },
  stationAddress: { type: 'text', describe: "the station's address" },
  stationPhone: { type: 'text', describe: "the station's phone" },
} as const satisfies Record<string, { type: VariableType; describe: string }>;

export type VariableName = keyof typeof VARIABLES;

const STATION: VariableName[] = ['stationName', 'stationAddress', 'stationPhone'];
const CUSTOMER_CAR: VariableName[] = ['customerName', 'car', 'plate'];

/** The messages the station sends: what they are for (consent), and the variables each offers. */
export const MESSAGE_KINDS = {
  booking_confirmed: { purpose: 'service', variables: [...CUSTOMER_CAR, 'date', 'time', ...STATION] },
  appointment_reminder: { purpose: 'service', variables: [...CUSTOMER_CAR, 'date', 'time', ...STATION] },
  car_ready: {
    purpose: 'service',
    variables: [...CUSTOMER_CAR, 'orderNumber', 'amountDue', 'orderTotal', 'pointsBalance', ...STATION],
  },
  parts_arrived: { purpose: 'service', variables: [...CUSTOMER_CAR, 'orderNumber', 'partsList', ...STATION] },
  service_due: {
    purpose: 'service',
    variables: [...CUSTOMER_CAR, 'serviceName', 'dueDate', 'dueKm', ...STATION],
  },
  survey_request: {
    purpose: 'service',
    variables: [...CUSTOMER_CAR, 'orderNumber', 'surveyLink', ...STATION],
  },
  birthday_greeting: { purpose: 'marketing', variables: ['customerName', 'pointsBalance', ...STATION] },
  campaign: { purpose: 'marketing', variables: [...CUSTOMER_CAR, 'pointsBalance', ...STATION] },
} as const satisfies Record<string, { purpose: Purpose; variables: readonly VariableName[] }>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as MessageKind[];

export function isMessageKind(value: string): value is MessageKind {
  return value in MESSAGE_KINDS;
}

export function variablesOfKind(kind: MessageKind): readonly VariableName[] {
  return MESSAGE_KINDS[kind].variables;
}

export function purposeOf(kind: MessageKind): Purpose {
  return MESSAGE_KINDS[kind].purpose;
}

/** Sample values for a preview when no real record is given. */
export function sampleValues(now: Date): Record<VariableName, VariableValue> {
  const tomorrow = new Date(now.getTime() + 86_400_000);
  tomorrow.setUTCHours(7, 30, 0, 0);
  return {
    customerName: { type: 'text', value: 'Anna Petrova' },
    car: { type: 'text', value: 'Kia Rio' },
    plate: { type: 'text', value: 'A123BC77' },
    date: { type: 'date', at: tomorrow },
    time: { type: 'time', at: tomorrow },
    orderNumber: { type: 'text', value: 'WO-2026-000123' },
    amountDue: { type: 'money', minor: 1_254_000 },
    orderTotal: { type: 'money', minor: 1_554_000 },
    pointsBalance: { type: 'number', value: 340 },
    partsList: { type: 'list', items: ['Oil filter', 'Brake pads'] },
    serviceName: { type: 'text', value: 'Oil change' },
    dueDate: { type: 'date', at: tomorrow },
    dueKm: { type: 'number', value: 45_000 },
    surveyLink: { type: 'text', value: 'http://station.local/survey/abc' },
    stationName: { type: 'text', value: 'Pitwall Service' },
    stationAddress: { type: 'text', value: '12 Garage Lane' },
    stationPhone: { type: 'text', value: '+7 495 123-45-67' },
  };
}
