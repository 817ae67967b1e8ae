import { QueryTypes } from 'sequelize';
import type { CommandContext } from '../../../server/src/platform/context.ts';
import {
  answerSurvey,
  createCampaign,
  createChannel,
  createDeal,
  createLead,
  createSurveyForOrder,
  dismissLead,
  convertLead,
  insertTask,
  linkToDeal,
  moveDeal,
  recordCall,
  recordSpend,
  setSupervisor,
  setTrackingNumber,
  updateCrmSettings,
} from '../../../server/src/modules/crm/index.ts';
import { createCustomer } from '../../../server/src/modules/workshop/index.ts';
import { execute } from '../../../server/src/modules/crm/db.ts';

/** The website form's key on the demo station (README shows a curl with it). */
export const DEMO_LEAD_FORM_KEY = 'demo-website-form-0001';

const CHANNELS: Array<{ name: string; kind: string; campaigns: string[]; monthlySpend: number }> = [
  { name: 'Website', kind: 'online', campaigns: ['Organic search'], monthlySpend: 1_500_000 },
  { name: 'Yandex Direct', kind: 'online', campaigns: ['Spring service', 'Brakes'], monthlySpend: 6_000_000 },
  { name: 'Avito', kind: 'online', campaigns: [], monthlySpend: 2_000_000 },
  { name: 'Radio', kind: 'offline', campaigns: ['Morning show'], monthlySpend: 4_500_000 },
  { name: 'Recommendation', kind: 'referral', campaigns: [], monthlySpend: 0 },
];

const NEW_CUSTOMERS: Array<{
  name: string;
  phone: string;
  stage: string;
  title: string;
  expected: number;
  channel: string;
}> = [
  {
    name: 'Дмитрий Орлов',
    phone: '+7 916 555-20-01',
    stage: 'new_request',
    title: 'Knocking in the front suspension',
    expected: 1_200_000,
    channel: 'Yandex Direct',
  },
  {
    name: 'Ekaterina Belova',
    phone: '+7 916 555-20-02',
    stage: 'agreeing',
    title: 'Timing belt 90 000 km',
    expected: 2_400_000,
    channel: 'Website',
  },
  {
    name: 'Игорь Захаров',
    phone: '+7 916 555-20-03',
    stage: 'agreeing',
    title: 'Air conditioning refill',
    expected: 450_000,
    channel: 'Radio',
  },
  {
    name: 'Nikolai Frolov',
    phone: '+7 916 555-20-04',
    stage: 'parts_ordered',
    title: 'Clutch replacement',
    expected: 3_800_000,
    channel: 'Avito',
  },
  {
    name: 'Светлана Комарова',
    phone: '+7 916 555-20-05',
    stage: 'awaiting_arrival',
    title: 'Scheduled maintenance 60 000 km',
    expected: 1_650_000,
    channel: 'Recommendation',
  },
  {
    name: 'Oleg Makarov',
    phone: '+7 916 555-20-06',
    stage: 'lost',
    title: 'Gearbox repair',
    expected: 9_000_000,
    channel: 'Yandex Direct',
  },
  {
    name: 'Вера Соловьёва',
    phone: '+7 916 555-20-07',
    stage: 'lost',
    title: 'Body repair after accident',
    expected: 6_500_000,
    channel: 'Avito',
  },
];

const minutes = (cx: CommandContext, m: number) => new Date(cx.now.getTime() + m * 60_000);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function rows<T extends object>(
  cx: CommandContext,
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<T[]> {
  return cx.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements, transaction: cx.tx });
}

/**
 * The CRM of the demo station: advertising channels with spend, the website form, who takes requests
 * and who supervises whom, deals in every stage (the workshop's customers' deals move with their
 * orders when the seed commits), leads, tasks (some overdue), calls and walk-ins, surveys with answers.
 */
export async function seedCrm(cx: CommandContext): Promise<void> {
  const users = await rows<{ id: string; login: string }>(cx, `SELECT id, login FROM users`);
  const user = (login: string) => users.find((u) => u.login === login)?.id ?? null;
  const advisor = user('advisor');
  const advisor2 = user('advisor2');
  const manager = user('manager');

  await updateCrmSettings(cx, {
    leadAssigneeId: advisor,
    defaultSupervisorId: manager,
    escalationDelaySeconds: 1800,
  });
  for (const id of [advisor, advisor2]) if (id && manager) await setSupervisor(cx, id, manager);

  const channels = new Map<string, { id: string; campaigns: string[] }>();
  const monthStart = new Date(Date.UTC(cx.now.getUTCFullYear(), cx.now.getUTCMonth(), 1));
  for (const c of CHANNELS) {
    const id = await createChannel(cx, { name: c.name, kind: c.kind });
    const campaigns: string[] = [];
    for (const name of c.campaigns) campaigns.push(await createCampaign(cx, { channelId: id, name }));
    channels.set(c.name, { id, campaigns });
    for (let back = 2; back >= 0 && c.monthlySpend > 0; back--) {
      const start = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() - back, 1));
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
      await recordSpend(cx, {
        channelId: id,
        campaignId: campaigns[0] ?? null,
        periodStart: isoDay(start),
        periodEnd: isoDay(end),
        amountMinor: c.monthlySpend,
      });
    }
  }
  const channel = (name: string) => channels.get(name)!.id;
  await setTrackingNumber(cx, {
    number: '+74951234501',
    channelId: channel('Yandex Direct'),
    campaignId: channels.get('Yandex Direct')!.campaigns[0],
  });
  await setTrackingNumber(cx, { number: '+74951234502', channelId: channel('Radio') });
  await execute(
    cx,
    `INSERT INTO lead_forms (id, name, key, allowed_origins, channel_id, created_at)
     VALUES (gen_random_uuid(), 'Website request form', :key, ARRAY['http://localhost:8080', 'http://localhost:5173']::text[], :channelId, :now)`,
    { key: DEMO_LEAD_FORM_KEY, channelId: channel('Website'), now: cx.now },
  );

  // Deals of the workshop's customers: tied to their latest order; the order's own events move them when the seed commits.
  const withOrders = await rows<{
    customer_id: string;
    vehicle_id: string;
    order_id: string;
    owner_id: string | null;
    advisor_id: string | null;
    total: string;
  }>(
    cx,
    `SELECT DISTINCT ON (o.customer_id) o.customer_id, o.vehicle_id, o.id AS order_id, c.owner_id, o.advisor_id, o.total_minor AS total
       FROM repair_orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.customer_id, o.created_at DESC`,
  );
  const sources = ['Yandex Direct', 'Website', 'Radio', 'Avito', 'Recommendation'];
  for (const [i, o] of withOrders.entries()) {
    const deal = await createDeal(cx, {
      title: 'Service visit',
      customerId: o.customer_id,
      vehicleId: o.vehicle_id,
      ownerId: o.advisor_id ?? o.owner_id ?? advisor,
      channelId: channel(sources[i % sources.length]!),
      expectedMinor: Number(o.total),
      jobKind: 'service',
    });
    await linkToDeal(cx, deal.id, { orderId: o.order_id }, { checkScope: false });
  }

  // Deals that have not reached the workshop yet, one or two per stage.
  const stages = new Map(
    (
      await rows<{ id: string; code: string }>(
        cx,
        `SELECT s.id, s.code FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.is_default`,
      )
    ).map((s) => [s.code, s.id]),
  );
  const reasons = await rows<{ id: string }>(cx, `SELECT id FROM lost_reasons ORDER BY position`);
  for (const [i, c] of NEW_CUSTOMERS.entries()) {
    const owner = i % 2 === 0 ? advisor : advisor2;
    const customer = await createCustomer(cx, {
      kind: 'individual',
      name: c.name,
      phones: [{ number: c.phone.replace(/[\s-]/g, '') }],
      ownerId: owner,
      force: true,
    } as Parameters<typeof createCustomer>[1]);
    const open = c.stage !== 'lost';
    const deal = await createDeal(cx, {
      title: c.title,
      customerId: customer.id,
      ownerId: owner,
      channelId: channel(c.channel),
      expectedMinor: c.expected,
      stageId: open ? stages.get(c.stage) : undefined,
    });
    if (!open)
      await moveDeal(cx, deal.id, {
        stageId: stages.get('lost')!,
        lostReasonId: reasons[i % reasons.length]!.id,
        lostNote: 'Found it cheaper',
      });
    if (owner && open)
      await insertTask(cx, {
        title: i % 3 === 0 ? 'Call back with the price' : 'Confirm the parts and the date',
        dealId: deal.id,
        customerId: customer.id,
        assigneeId: owner,
        dueAt: minutes(cx, i % 2 === 0 ? -90 - i * 10 : 120 + i * 30),
        origin: 'manual',
      });
  }

  // The leads inbox.
  const websiteLead = async (name: string, phone: string, message: string, make: string, model: string) =>
    createLead(cx, {
      source: 'website',
      name,
      phone,
      message,
      vehicleMake: make,
      vehicleModel: model,
      channelId: channel('Website'),
    });
  await websiteLead(
    'Артём Кузьмин',
    '+79165553001',
    'Squeaking brakes, can you look this week?',
    'Hyundai',
    'Solaris',
  );
  await websiteLead('Maria Lebedeva', '+79165553002', 'Price of an oil change with your oil?', 'Kia', 'Rio');
  await createLead(cx, {
    source: 'phone',
    name: 'Фёдор Никитин',
    phone: '+79165553003',
    message: 'Wants winter tyres fitted',
    channelId: channel('Radio'),
  });
  const spam = await createLead(cx, {
    source: 'website',
    name: 'Buy followers',
    email: 'promo@spam.example',
    message: 'Cheap SEO',
  });
  await dismissLead(cx, spam.id, 'Spam, not a customer');
  const converted = await websiteLead(
    'Роман Титов',
    '+79165553005',
    'Check engine light is on',
    'Skoda',
    'Octavia',
  );
  await convertLead(cx, converted.id, {
    createCustomer: true,
    force: false,
    expectedMinor: 350_000,
    jobKind: 'diagnostics',
  });

  // Calls and walk-ins.
  const calls: Array<Parameters<typeof recordCall>[1]> = [
    {
      kind: 'call',
      direction: 'in',
      phone: '+79165552001',
      channelId: channel('Yandex Direct'),
      targetGroup: 'private',
      outcome: 'Booked for Thursday',
      durationSeconds: 184,
      managerId: advisor,
    },
    {
      kind: 'call',
      direction: 'in',
      phone: '+79165552002',
      channelId: channel('Radio'),
      targetGroup: 'private',
      outcome: 'Asked for the price list',
      durationSeconds: 95,
      managerId: advisor2,
    },
    {
      kind: 'call',
      direction: 'out',
      phone: '+79165552003',
      targetGroup: 'fleet',
      outcome: 'Agreed on the fleet service plan',
      durationSeconds: 420,
      managerId: manager,
    },
    {
      kind: 'call',
      direction: 'in',
      phone: '+79165552004',
      status: 'directed',
      outcome: 'Looking for the tyre shop next door',
      durationSeconds: 40,
      managerId: advisor,
    },
    {
      kind: 'call',
      direction: 'in',
      phone: '+79165552005',
      complaint: true,
      outcome: 'Unhappy with the waiting time',
      durationSeconds: 300,
      managerId: manager,
    },
    { kind: 'call', direction: 'in', phone: '+79165552006', missed: true, channelId: channel('Avito') },
    {
      kind: 'walk_in',
      phone: '+79165552007',
      purpose: 'Tyre change price',
      channelId: channel('Recommendation'),
      managerId: advisor2,
      createDeal: true,
    },
    { kind: 'walk_in', purpose: 'Asked about a loyalty card', managerId: advisor },
  ];
  for (const [i, call] of calls.entries())
    await recordCall(cx, { ...call, startedAt: minutes(cx, -60 * (i + 1)) });

  // Surveys of the orders already handed over; some answered by the call centre.
  const handedOver = await rows<{ id: string }>(
    cx,
    `SELECT id FROM repair_orders WHERE status IN ('handed_over', 'closed') ORDER BY created_at`,
  );
  const scores = [10, 9, 6, 8];
  for (const [i, o] of handedOver.entries()) {
    const surveyId = await createSurveyForOrder(cx, o.id);
    if (surveyId && i < scores.length)
      await answerSurvey(cx, surveyId, {
        score: scores[i]!,
        comment: scores[i]! <= 6 ? 'The car was ready later than promised' : 'All good, thanks',
      });
  }
}
