import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../support/factories.ts';
import {
  makeCustomer,
  makeOrder,
  makeVehicle,
  northAmericanVin,
  uniquePhone,
  uniqueVin,
} from '../../support/factories-workshop.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import { registerCustomerMergeStep } from '../../../server/src/modules/workshop/index.ts';

let station: TestStation;
beforeAll(async () => {
  station = await startTestStation();
});
afterAll(async () => {
  await station?.close();
});

describe('vehicles', () => {
  it('creates a car with a normalised VIN and plate, reads it back, searches it', async () => {
    const { client } = await signedIn(station, 'advisor');
    const owner = await makeCustomer(station);
    const vin = northAmericanVin();
    const res = await client.post('/api/vehicles', {
      customerId: owner.id,
      vin: vin.toLowerCase(),
      plate: ' в 456 ок 50 ',
      make: 'Ford',
      model: 'Focus',
      year: 2015,
      engine: '1.6',
      mileageKm: 120_000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      vin,
      plate: 'В 456 ОК 50',
      customerId: owner.id,
      customerName: owner.name,
      lastMileage: { km: 120_000 },
    });
    const found = await client.get('/api/vehicles?plate=B456OK');
    expect(found.body.items.map((v: { id: string }) => v.id)).toContain(res.body.id);
    expect((await client.get(`/api/vehicles/${res.body.id}`)).body.vin).toBe(vin);
    const patched = await client.patch(`/api/vehicles/${res.body.id}`, { plate: 'Е001КХ77', color: 'red' });
    expect(patched.body).toMatchObject({ plate: 'Е001КХ77', color: 'red' });
  });

  it('refuses invalid VINs and years, and a VIN already on file unless forced', async () => {
    const { client } = await signedIn(station, 'advisor');
    const owner = await makeCustomer(station);
    const bad = await client.post('/api/vehicles', { customerId: owner.id, vin: '1M8GDM9A1KP042788' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'vin' });
    expect(bad.body.error.message).toContain('check digit');
    expect(
      (await client.post('/api/vehicles', { customerId: owner.id, vin: 'SHORT' })).body.error.field,
    ).toBe('vin');
    expect((await client.post('/api/vehicles', { customerId: owner.id, year: 1800 })).body.error.field).toBe(
      'year',
    );
    const vin = uniqueVin();
    await makeVehicle(station, owner.id, { vin });
    const dup = await client.post('/api/vehicles', { customerId: owner.id, vin });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.vehicles[0]).toMatchObject({ vin, customerId: owner.id });
    expect((await client.post('/api/vehicles', { customerId: owner.id, vin, force: true })).status).toBe(201);
    expect(
      (await client.post('/api/vehicles', { customerId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
  });

  it('records mileage; a lower reading needs confirmation (409 with the last reading)', async () => {
    const { client } = await signedIn(station, 'advisor');
    const owner = await makeCustomer(station);
    const car = await makeVehicle(station, owner.id, { mileageKm: 50_000 });
    expect((await client.post(`/api/vehicles/${car.id}/mileage`, { km: 52_000 })).status).toBe(201);
    const lower = await client.post(`/api/vehicles/${car.id}/mileage`, { km: 5_200 });
    expect(lower.status).toBe(409);
    expect(lower.body.error).toMatchObject({ field: 'km', details: { lastKm: 52_000 } });
    const confirmed = await client.post(`/api/vehicles/${car.id}/mileage`, {
      km: 5_200,
      confirmLowerMileage: true,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body[0]).toMatchObject({ km: 5_200, lowerConfirmed: true });
    expect(confirmed.body.map((r: { km: number }) => r.km)).toEqual([5_200, 52_000, 50_000]);
    expect((await client.post(`/api/vehicles/${car.id}/mileage`, { km: -1 })).body.error.field).toBe('km');
    // an order's intake mileage follows the same rule
    const order = await client.post('/api/orders', {
      customerId: owner.id,
      vehicleId: car.id,
      mileageKm: 100,
    });
    expect(order.status).toBe(409);
    expect(order.body.error.details.lastKm).toBe(5_200);
    expect(
      (
        await client.post('/api/orders', {
          customerId: owner.id,
          vehicleId: car.id,
          mileageKm: 100,
          confirmLowerMileage: true,
        })
      ).status,
    ).toBe(201);
  });

  it('transfers a car to a new owner and keeps the ownership periods', async () => {
    const { client } = await signedIn(station, 'advisor');
    const first = await makeCustomer(station, { name: 'First Owner' });
    const second = await makeCustomer(station, { name: 'Second Owner' });
    const car = await makeVehicle(station, first.id);
    const moved = await client.post(`/api/vehicles/${car.id}/owner`, { customerId: second.id });
    expect(moved.body.customerId).toBe(second.id);
    const owners = await client.get(`/api/vehicles/${car.id}/owners`);
    expect(owners.body).toHaveLength(2);
    expect(owners.body[0]).toMatchObject({ customerId: second.id, endedAt: null });
    expect(owners.body[1]).toMatchObject({ customerId: first.id });
    expect(owners.body[1].endedAt).not.toBeNull();
    expect((await client.post(`/api/vehicles/${car.id}/owner`, { customerId: second.id })).status).toBe(409);
  });
});

describe('merging customers', () => {
  it('moves every record to the target, keeps history, leaves a tombstone and an audit entry', async () => {
    const manager = await signedIn(station, 'manager');
    const sharedPhone = uniquePhone();
    const target = await makeCustomer(station, { name: 'Target Person', phones: [sharedPhone] });
    const source = await makeCustomer(station, {
      name: 'Source Person',
      phones: [sharedPhone, uniquePhone()],
      email: 'source@example.com',
    });
    const { order, vehicle } = await makeOrder(station, { customerId: source.id });
    await manager.client.post(`/api/orders/${order.id}/jobs`, {
      name: 'Diagnostics',
      normSeconds: 1800,
      pricing: 'fixed',
      fixedPriceMinor: 150_000,
    });
    await manager.client.post(`/api/orders/${order.id}/payments`, { method: 'cash', amountMinor: 50_000 });
    const lift = await manager.client.post('/api/lifts', {
      code: 'MRG1',
      name: 'Merge lift',
      kind: 'two_post',
    });
    const booking = await manager.client.post('/api/appointments', {
      liftId: lift.body.id,
      startsAt: '2030-01-10T08:00:00Z',
      endsAt: '2030-01-10T09:00:00Z',
      orderId: order.id,
    });
    expect(booking.status).toBe(201);
    await manager.client.post(`/api/customers/${source.id}/contacts`, { name: 'Source Contact' });

    const advisor = await signedIn(station, 'advisor');
    expect(
      (await advisor.client.post('/api/customers/merge', { targetId: target.id, sourceId: source.id }))
        .status,
    ).toBe(403);
    expect(
      (await manager.client.post('/api/customers/merge', { targetId: target.id, sourceId: target.id })).body
        .error.field,
    ).toBe('sourceId');

    const merged = await manager.client.post('/api/customers/merge', {
      targetId: target.id,
      sourceId: source.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body.customer.email).toBe('source@example.com');
    expect(merged.body.customer.phones.map((p: { e164: string }) => p.e164).sort()).toHaveLength(2);
    expect(merged.body.customer.vehicles.map((v: { id: string }) => v.id)).toContain(vehicle!.id);
    expect(merged.body.customer.contacts.map((c: { name: string }) => c.name)).toContain('Source Contact');
    expect(merged.body.moved).toMatchObject({
      'repair_orders.customer_id': 1,
      'vehicles.customer_id': 1,
      'appointments.customer_id': 1,
    });

    const card = await manager.client.get(`/api/customers/${target.id}/card`);
    expect(card.body.orders.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(card.body.payments.items[0]).toMatchObject({ orderId: order.id, amountMinor: 50_000 });
    expect(card.body.visits.items[0].appointmentId).toBe(booking.body.appointment.id);
    const gone = await manager.client.get(`/api/customers/${source.id}`);
    expect(gone.body.mergedIntoId).toBe(target.id);
    expect((await manager.client.get(`/api/customers?name=source person`)).body.items).toEqual([]);
    expect(
      (await manager.client.post('/api/customers/merge', { targetId: target.id, sourceId: source.id }))
        .status,
    ).toBe(409);
    const audit = await manager.client.get(
      `/api/audit?entityType=customer&entityId=${target.id}&action=customer.merged`,
    );
    expect(audit.body.items[0].after).toMatchObject({ sourceId: source.id, targetId: target.id });
  });

  it('reaches tables of later modules through the catalogue, and runs registered merge steps', async () => {
    // a table another module might add, with a foreign key to customers and a unique key per customer
    await station.deps.sequelize.query(
      `CREATE TABLE test_loyalty_cards (id serial PRIMARY KEY, customer_id uuid NOT NULL UNIQUE REFERENCES customers (id), points integer NOT NULL)`,
    );
    await station.deps.sequelize.query(
      `CREATE TABLE test_notes (id serial PRIMARY KEY, customer_id uuid REFERENCES customers (id), body text)`,
    );
    registerCustomerMergeStep({
      name: 'test loyalty cards',
      handles: [{ table: 'test_loyalty_cards', column: 'customer_id' }],
      run: async (cx, { sourceId, targetId }) => {
        const [rows] = await cx.sequelize.query(
          `WITH src AS (DELETE FROM test_loyalty_cards WHERE customer_id = :sourceId RETURNING points)
           UPDATE test_loyalty_cards SET points = points + coalesce((SELECT sum(points) FROM src), 0) WHERE customer_id = :targetId RETURNING id`,
          { replacements: { sourceId, targetId }, transaction: cx.tx },
        );
        return (rows as unknown[]).length;
      },
    });
    const target = await makeCustomer(station);
    const source = await makeCustomer(station);
    await station.deps.sequelize.query(
      `INSERT INTO test_loyalty_cards (customer_id, points) VALUES (:a, 10), (:b, 32)`,
      { replacements: { a: target.id, b: source.id } },
    );
    await station.deps.sequelize.query(
      `INSERT INTO test_notes (customer_id, body) VALUES (:b, 'called twice')`,
      { replacements: { b: source.id } },
    );
    const manager = await signedIn(station, 'manager');
    const merged = await manager.client.post('/api/customers/merge', {
      targetId: target.id,
      sourceId: source.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body.moved).toMatchObject({ 'test loyalty cards': 1, 'test_notes.customer_id': 1 });
    const cards = await station.deps.sequelize.query<{ points: number }>(
      `SELECT points FROM test_loyalty_cards WHERE customer_id = :id`,
      { replacements: { id: target.id }, type: QueryTypes.SELECT },
    );
    expect(cards).toEqual([{ points: 42 }]);
    const notes = await station.deps.sequelize.query(`SELECT * FROM test_notes WHERE customer_id = :id`, {
      replacements: { id: target.id },
      type: QueryTypes.SELECT,
    });
    expect(notes).toHaveLength(1);
  });

  it('keeps a consent only when both records had it', async () => {
    const manager = await signedIn(station, 'manager');
    const a = await manager.client.post('/api/customers', {
      name: 'Consent A',
      consents: { smsMarketing: true, emailMarketing: true },
    });
    const b = await manager.client.post('/api/customers', {
      name: 'Consent B',
      consents: { smsMarketing: true, emailMarketing: false },
    });
    const merged = await manager.client.post('/api/customers/merge', {
      targetId: a.body.id,
      sourceId: b.body.id,
    });
    expect(merged.body.customer.consents).toMatchObject({
      sms: { marketing: true },
      email: { marketing: false },
    });
  });
});
