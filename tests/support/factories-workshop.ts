import { randomBytes, randomInt } from 'node:crypto';
import {
  createCustomer,
  createOrder,
  createVehicle,
  type Customer,
  type RepairOrder,
  type Vehicle,
} from '../../server/src/modules/workshop/index.ts';
import { vinCheckDigit } from '../../server/src/modules/workshop/rules/vin.ts';
import { asFactory } from './factories.ts';
import type { TestStation } from './test-station.ts';

const unique = () => randomBytes(3).toString('hex');

/** A valid Russian mobile number, different every call: +7 9xx xxx xx xx. */
export function uniquePhone(): string {
  return `+79${String(randomInt(10, 99))}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** A valid 17-character VIN (European style, no check digit needed), different every call. */
export function uniqueVin(): string {
  const alphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
  let tail = '';
  for (let i = 0; i < 14; i++) tail += alphabet[randomInt(alphabet.length)];
  return `WVW${tail}`;
}

/** A North-American VIN with a correct check digit. */
export function northAmericanVin(): string {
  const base = `1HGCM826${'X'}3A${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  return base.slice(0, 8) + vinCheckDigit(base) + base.slice(9);
}

export function uniquePlate(): string {
  return `A${String(randomInt(100, 999))}BC${String(randomInt(10, 199))}`;
}

export async function makeCustomer(
  station: TestStation,
  overrides: Partial<{
    name: string;
    kind: 'individual' | 'company';
    phones: string[];
    ownerId: string | null;
    email: string;
  }> = {},
): Promise<Customer> {
  return asFactory(station, (cx) =>
    createCustomer(cx, {
      kind: overrides.kind ?? 'individual',
      name: overrides.name ?? `Customer ${unique()}`,
      email: overrides.email ?? null,
      ownerId: overrides.ownerId,
      phones: (overrides.phones ?? [uniquePhone()]).map((number) => ({ number })),
      force: true,
    }),
  );
}

export async function makeVehicle(
  station: TestStation,
  customerId: string,
  overrides: Partial<{
    vin: string | null;
    plate: string;
    make: string;
    model: string;
    mileageKm: number;
  }> = {},
): Promise<Vehicle> {
  return asFactory(station, (cx) =>
    createVehicle(cx, {
      customerId,
      vin: overrides.vin === undefined ? uniqueVin() : overrides.vin,
      plate: overrides.plate ?? uniquePlate(),
      make: overrides.make ?? 'Lada',
      model: overrides.model ?? 'Vesta',
      year: 2020,
      mileageKm: overrides.mileageKm,
      force: true,
    }),
  );
}

export async function makeOrder(
  station: TestStation,
  overrides: Partial<{
    customerId: string;
    vehicleId: string;
    advisorId: string | null;
    mileageKm: number;
  }> = {},
): Promise<{ order: RepairOrder; customer: Customer | null; vehicle: Vehicle | null }> {
  const customer = overrides.customerId ? null : await makeCustomer(station);
  const customerId = overrides.customerId ?? customer!.id;
  const vehicle = overrides.vehicleId ? null : await makeVehicle(station, customerId);
  const order = await asFactory(station, (cx) =>
    createOrder(cx, {
      customerId,
      vehicleId: overrides.vehicleId ?? vehicle!.id,
      advisorId: overrides.advisorId ?? null,
      mileageKm: overrides.mileageKm,
      timezone: station.config.station.timezone,
    }),
  );
  return { order, customer, vehicle };
}
