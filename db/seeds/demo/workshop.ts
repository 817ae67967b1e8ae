import { QueryTypes } from 'sequelize';
import type { CommandContext } from '../../../server/src/platform/context.ts';
import { Staff, User } from '../../../server/src/modules/identity/index.ts';
import {
  bookAppointment,
  placeOnLift,
  setShifts,
  setSkills,
  type Lift,
} from '../../../server/src/modules/scheduler/index.ts';
import {
  addJob,
  addPart,
  applyCannedJob,
  assignMechanic,
  createCannedJob,
  createCustomer,
  createOrder,
  decideLines,
  pauseJob,
  recordPayment,
  startJob,
  completeJob,
  transitionOrder,
  type CannedJob,
  type Customer,
  type RepairOrder,
} from '../../../server/src/modules/workshop/index.ts';

interface SeedContext {
  lifts: Lift[];
  timezone: string;
}

const CANNED_JOBS = [
  {
    name: 'Oil service',
    description: 'Engine oil and oil filter',
    lines: [
      {
        lineType: 'job' as const,
        name: 'Engine oil and filter change',
        jobKind: 'service',
        normSeconds: 1800,
        pricing: 'hourly' as const,
        ratePerHourMinor: 250_000,
      },
      {
        lineType: 'part' as const,
        name: 'Oil filter',
        sku: 'OF-2108',
        quantity: '1',
        unitPriceMinor: 65_000,
      },
      {
        lineType: 'consumable' as const,
        name: 'Engine oil 5W-30',
        quantity: '4.2',
        unit: 'l',
        unitPriceMinor: 95_000,
      },
    ],
  },
  {
    name: 'Front brake pads',
    description: 'Replace the front pads, check the discs',
    lines: [
      {
        lineType: 'job' as const,
        name: 'Replace front brake pads',
        jobKind: 'brakes',
        normSeconds: 3600,
        pricing: 'hourly' as const,
        ratePerHourMinor: 250_000,
      },
      {
        lineType: 'part' as const,
        name: 'Front brake pads (set)',
        sku: 'BP-2190',
        quantity: '1',
        unit: 'set',
        unitPriceMinor: 320_000,
      },
    ],
  },
  {
    name: 'Wheel alignment',
    description: 'Four-wheel alignment on the stand',
    lines: [
      {
        lineType: 'job' as const,
        name: 'Four-wheel alignment',
        jobKind: 'alignment',
        normSeconds: 2700,
        pricing: 'fixed' as const,
        fixedPriceMinor: 350_000,
      },
    ],
  },
  {
    name: 'Computer diagnostics',
    description: 'Read and interpret the fault codes',
    lines: [
      {
        lineType: 'job' as const,
        name: 'Computer diagnostics',
        jobKind: 'diagnostics',
        normSeconds: 1800,
        pricing: 'fixed' as const,
        fixedPriceMinor: 150_000,
      },
    ],
  },
];

const CUSTOMERS = [
  {
    name: 'Сергей Смирнов',
    phone: '+7 916 123-45-01',
    car: {
      vin: 'XTA219010K0000001',
      plate: 'А123ВС77',
      make: 'Lada',
      model: 'Vesta',
      year: 2019,
      km: 61_500,
    },
  },
  {
    name: 'Ольга Кузнецова',
    phone: '+7 925 555-10-02',
    car: {
      vin: 'WVWZZZAUZKW000002',
      plate: 'В456ОК50',
      make: 'Volkswagen',
      model: 'Golf',
      year: 2019,
      km: 83_200,
    },
  },
  {
    name: 'Дмитрий Орлов',
    phone: '+7 903 777-41-29',
    car: {
      vin: 'Z94CB41AAGR000003',
      plate: 'Е001КХ77',
      make: 'Hyundai',
      model: 'Solaris',
      year: 2016,
      km: 142_000,
    },
  },
  {
    name: 'Anna Smith',
    phone: '+44 20 7946 0958',
    car: { vin: 'WBA8E11000K000004', plate: 'М777ММ97', make: 'BMW', model: '320i', year: 2018, km: 97_000 },
  },
  {
    name: 'Алексей Волков',
    phone: '+7 926 300-20-05',
    car: {
      vin: 'XW8ZZZ61ZKG000005',
      plate: 'Н202РТ199',
      make: 'Skoda',
      model: 'Rapid',
      year: 2020,
      km: 54_300,
    },
  },
  {
    name: 'Марина Белова',
    phone: '+7 915 404-30-06',
    car: {
      vin: 'JTNB11HK003000006',
      plate: 'О303СХ177',
      make: 'Toyota',
      model: 'Camry',
      year: 2021,
      km: 38_900,
    },
  },
  {
    name: 'Игорь Соколов',
    phone: '+7 999 100-20-07',
    car: {
      vin: '1HGCM82633A004352',
      plate: 'Р404ТУ77',
      make: 'Honda',
      model: 'Accord',
      year: 2003,
      km: 251_000,
    },
  },
  {
    name: 'Наталья Павлова',
    phone: '+7 985 220-33-08',
    car: { vin: 'KNAGM4A70B5000008', plate: 'С505УХ750', make: 'Kia', model: 'Rio', year: 2021, km: 45_600 },
  },
  {
    name: 'Виктор Лебедев',
    phone: '+7 977 888-12-09',
    car: {
      vin: 'XTA217030C0000009',
      plate: 'Т606ХА99',
      make: 'Lada',
      model: 'Priora',
      year: 2012,
      km: 176_400,
    },
  },
  {
    name: 'Елена Морозова',
    phone: '+7 968 321-54-10',
    car: {
      vin: 'VF1RFB00X60000010',
      plate: 'У707ВЕ197',
      make: 'Renault',
      model: 'Duster',
      year: 2019,
      km: 71_800,
    },
  },
];

/** A station-local wall-clock time today as a UTC instant. */
async function todayAt(cx: CommandContext, timezone: string, time: string): Promise<Date> {
  const [row] = await cx.sequelize.query<{ at: Date }>(
    `SELECT ((now() AT TIME ZONE :tz)::date + :time::time) AT TIME ZONE :tz AS at`,
    {
      replacements: { tz: timezone, time },
      type: QueryTypes.SELECT,
      transaction: cx.tx,
    },
  );
  return new Date(row!.at);
}

/**
 * The workshop of the demo station: canned jobs, mechanics' shifts and skills, customers with cars,
 * repair orders in every status (three cars in work on lifts, one waiting for parts), today's bookings.
 */
export async function seedWorkshop(cx: CommandContext, { lifts, timezone }: SeedContext): Promise<void> {
  const advisors = await User.findAll({
    where: { role: 'advisor' },
    order: [['login', 'ASC']],
    transaction: cx.tx,
  });
  const mechanics = await Staff.findAll({
    where: { position: 'mechanic' },
    order: [
      ['createdAt', 'ASC'],
      ['fullName', 'ASC'],
    ],
    transaction: cx.tx,
  });
  const skills = ['service', 'brakes', 'alignment', 'diagnostics', 'engine', 'electrical'];
  for (const [i, m] of mechanics.entries()) {
    await setSkills(cx, m.id, [
      { skill: skills[i % skills.length]!, level: 3 },
      { skill: skills[(i + 1) % skills.length]!, level: 2 },
    ]);
    const weekdays = i % 2 === 0 ? [1, 2, 3, 4, 5] : [2, 3, 4, 5, 6];
    await setShifts(
      cx,
      m.id,
      weekdays.map((weekday) => ({ weekday, startsAt: '09:00', endsAt: '18:00' })),
    );
  }
  const alignment = lifts.find((l) => l.kind === 'alignment');
  if (alignment) {
    alignment.jobKinds = ['alignment', 'tyres'];
    await alignment.save({ transaction: cx.tx });
  }

  const canned: CannedJob[] = [];
  for (const c of CANNED_JOBS) canned.push(await createCannedJob(cx, c));

  const customers: Customer[] = [];
  for (const [i, c] of CUSTOMERS.entries()) {
    customers.push(
      await createCustomer(cx, {
        kind: 'individual',
        name: c.name,
        phones: [{ number: c.phone.replace(/[^\d+]/g, ''), primary: true }],
        ownerId: advisors[i % Math.max(advisors.length, 1)]?.id ?? null,
        consents: { smsMarketing: i % 3 === 0 },
        vehicles: [
          {
            vin: c.car.vin,
            plate: c.car.plate,
            make: c.car.make,
            model: c.car.model,
            year: c.car.year,
            mileageKm: c.car.km - 9_000,
          },
        ],
        force: true,
      }),
    );
  }
  const company = await createCustomer(cx, {
    kind: 'company',
    name: 'ООО «Грузовичок»',
    taxId: '7712345678',
    legalAddress: 'Москва, Складская ул., 5',
    contacts: [{ name: 'Павел Горин', role: 'fleet manager', phones: [{ number: '+79167770011' }] }],
    vehicles: [
      { vin: 'XU42824NEL0000011', plate: 'Х111ХХ777', make: 'GAZ', model: 'Gazelle Next', year: 2020 },
    ],
    ownerId: advisors[0]?.id ?? null,
    force: true,
  });
  customers.push(company);

  const vehicleOf = async (customerId: string) => {
    const [row] = await cx.sequelize.query<{ id: string }>(
      `SELECT id FROM vehicles WHERE customer_id = :customerId LIMIT 1`,
      {
        replacements: { customerId },
        type: QueryTypes.SELECT,
        transaction: cx.tx,
      },
    );
    return row!.id;
  };
  const open = async (i: number, complaint: string): Promise<RepairOrder> =>
    createOrder(cx, {
      customerId: customers[i]!.id,
      vehicleId: await vehicleOf(customers[i]!.id),
      mileageKm: CUSTOMERS[i]?.car.km,
      complaint,
      advisorId: advisors[i % Math.max(advisors.length, 1)]?.id ?? null,
      timezone,
    });
  const move = async (
    order: RepairOrder,
    ...steps: Array<'approved' | 'in_work' | 'done' | 'handed_over' | 'closed'>
  ) => {
    for (const to of steps) await transitionOrder(cx, { orderId: order.id, to });
  };
  const jobsOf = async (orderId: string) =>
    cx.sequelize.query<{ id: string }>(
      `SELECT id FROM order_jobs WHERE order_id = :orderId ORDER BY position`,
      {
        replacements: { orderId },
        type: QueryTypes.SELECT,
        transaction: cx.tx,
      },
    );

  // Closed and paid: last visits.
  for (const i of [5, 6]) {
    const o = await open(i, 'Scheduled maintenance');
    await applyCannedJob(cx, { orderId: o.id, cannedJobId: canned[0]!.id });
    await move(o, 'approved', 'in_work');
    for (const j of await jobsOf(o.id)) {
      await startJob(cx, { lineId: j.id, staffId: mechanics[i % mechanics.length]?.id });
      await completeJob(cx, { lineId: j.id });
    }
    await move(o, 'done', 'handed_over');
    const total = (await o.reload({ transaction: cx.tx })).totalMinor;
    await recordPayment(cx, {
      orderId: o.id,
      method: i === 5 ? 'card' : 'cash',
      kind: 'payment',
      amountMinor: total,
    });
    await move(o, 'closed');
  }

  // Handed over, partly paid: a debt on the customer card.
  const owing = await open(7, 'Brakes squeal');
  await applyCannedJob(cx, { orderId: owing.id, cannedJobId: canned[1]!.id });
  await move(owing, 'approved', 'in_work');
  for (const j of await jobsOf(owing.id)) {
    await startJob(cx, { lineId: j.id, staffId: mechanics[1]?.id });
    await completeJob(cx, { lineId: j.id });
  }
  await move(owing, 'done', 'handed_over');
  await recordPayment(cx, { orderId: owing.id, method: 'cash', kind: 'payment', amountMinor: 300_000 });

  // Done, waiting for the customer.
  const ready = await open(8, 'Pulls to the right');
  await applyCannedJob(cx, { orderId: ready.id, cannedJobId: canned[2]!.id });
  await move(ready, 'approved', 'in_work');
  for (const j of await jobsOf(ready.id)) {
    await startJob(cx, { lineId: j.id, staffId: mechanics[2]?.id });
    await completeJob(cx, { lineId: j.id });
  }
  await move(ready, 'done');

  // Three cars in work on lifts: one job in progress, one waiting for parts, one with a recommendation pending.
  const inWork: RepairOrder[] = [];
  for (const [n, i] of [0, 1, 2].entries()) {
    const o = await open(
      i,
      ['Knocking in the front suspension', 'Oil change and check', 'Check engine light is on'][n]!,
    );
    await applyCannedJob(cx, { orderId: o.id, cannedJobId: canned[n === 2 ? 3 : n === 1 ? 0 : 1]!.id });
    await move(o, 'approved');
    const liftsForWork = lifts.filter((l) => l.kind !== 'alignment');
    await placeOnLift(cx, { orderId: o.id, liftId: liftsForWork[n]!.id });
    const [first] = await jobsOf(o.id);
    await assignMechanic(cx, { lineId: first!.id, staffId: mechanics[n]!.id });
    await startJob(cx, { lineId: first!.id });
    inWork.push(o);
  }
  const [firstOfSecond] = await jobsOf(inWork[1]!.id);
  await pauseJob(cx, { lineId: firstOfSecond!.id, reason: 'parts' });
  const recommended = await addJob(cx, inWork[2]!.id, {
    name: 'Replace spark plugs',
    jobKind: 'engine',
    normSeconds: 2400,
    pricing: 'hourly',
    ratePerHourMinor: 250_000,
    recommended: true,
  });
  await addPart(cx, inWork[2]!.id, {
    kind: 'part',
    name: 'Spark plug',
    sku: 'SP-17',
    quantity: '4',
    unitPriceMinor: 45_000,
    recommended: true,
    jobId: recommended.id,
  });
  const declined = await addPart(cx, inWork[0]!.id, {
    kind: 'part',
    name: 'Cabin air filter',
    sku: 'CF-11',
    quantity: '1',
    unitPriceMinor: 80_000,
    recommended: true,
  });
  await decideLines(cx, {
    orderId: inWork[0]!.id,
    decisions: [{ lineId: declined.id, decision: 'declined' }],
    via: 'phone',
    note: 'next time',
  });

  // Estimates and an approved order waiting for its booking.
  const estimate = await open(3, 'Air conditioning does not cool');
  await addJob(cx, estimate.id, {
    name: 'A/C system diagnostics',
    jobKind: 'diagnostics',
    normSeconds: 2700,
    pricing: 'fixed',
    fixedPriceMinor: 200_000,
  });
  const approved = await open(4, 'Scheduled maintenance 60 000 km');
  await applyCannedJob(cx, { orderId: approved.id, cannedJobId: canned[0]!.id });
  await move(approved, 'approved');
  await open(9, 'Strange noise when braking');

  // Today's bookings: the in-work cars on their lifts, the approved order and new arrivals.
  const slots: Array<{
    lift: Lift;
    from: string;
    to: string;
    orderId?: string;
    customer?: number;
    mechanic?: number;
    title?: string;
  }> = [
    { lift: lifts[0]!, from: '09:00', to: '12:00', orderId: inWork[0]!.id, mechanic: 0 },
    { lift: lifts[1]!, from: '09:30', to: '11:00', orderId: inWork[1]!.id, mechanic: 1 },
    { lift: lifts[2]!, from: '10:00', to: '11:30', orderId: inWork[2]!.id, mechanic: 2 },
    { lift: lifts[0]!, from: '13:00', to: '14:30', orderId: approved.id, mechanic: 3 },
    { lift: lifts[3]!, from: '11:00', to: '12:00', customer: 3, mechanic: 4, title: 'A/C diagnostics' },
    { lift: lifts[3]!, from: '15:00', to: '16:00', customer: 9, mechanic: 5, title: 'Brake noise' },
    {
      lift: alignment ?? lifts[4]!,
      from: '12:00',
      to: '12:45',
      customer: 4,
      mechanic: 2,
      title: 'Wheel alignment',
    },
  ];
  for (const s of slots) {
    await bookAppointment(cx, {
      liftId: s.lift.id,
      startsAt: await todayAt(cx, timezone, s.from),
      endsAt: await todayAt(cx, timezone, s.to),
      orderId: s.orderId ?? null,
      customerId: s.customer !== undefined ? customers[s.customer]!.id : null,
      mechanicIds: s.mechanic !== undefined && mechanics[s.mechanic] ? [mechanics[s.mechanic]!.id] : [],
      title: s.title ?? null,
      timezone,
    });
  }
}
