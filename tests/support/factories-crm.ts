import { QueryTypes } from 'sequelize';
import {
  createChannel,
  createDeal,
  createLeadForm,
  createCampaign,
} from '../../server/src/modules/crm/index.ts';
import {
  addJob,
  completeJob,
  recordPayment,
  startJob,
  transitionOrder,
} from '../../server/src/modules/workshop/index.ts';
import { randomBytes } from 'node:crypto';
import { asFactory } from './factories.ts';
import type { TestStation } from './test-station.ts';

const unique = () => randomBytes(3).toString('hex');

export async function stageIds(station: TestStation): Promise<Record<string, string>> {
  const rows = await station.deps.sequelize.query<{ id: string; code: string }>(
    `SELECT s.id, s.code FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.is_default`,
    { type: QueryTypes.SELECT },
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

export async function dealStage(station: TestStation, dealId: string): Promise<string> {
  const [row] = await station.deps.sequelize.query<{ code: string }>(
    `SELECT s.code FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = :dealId`,
    { type: QueryTypes.SELECT, replacements: { dealId } },
  );
  return row!.code;
}

export async function makeChannel(station: TestStation, name = `Channel ${unique()}`) {
  const id = await asFactory(station, (cx) => createChannel(cx, { name, kind: 'online' }));
  return { id, name };
}

export async function makeCampaign(station: TestStation, channelId: string, name = `Campaign ${unique()}`) {
  const id = await asFactory(station, (cx) => createCampaign(cx, { channelId, name }));
  return { id, name };
}

export async function makeLeadForm(
  station: TestStation,
  overrides: { channelId?: string; allowedOrigins?: string[] } = {},
) {
  return asFactory(station, (cx) =>
    createLeadForm(cx, {
      name: `Form ${unique()}`,
      allowedOrigins: overrides.allowedOrigins ?? ['http://site.example'],
      channelId: overrides.channelId ?? null,
    }),
  );
}

export async function makeDeal(
  station: TestStation,
  overrides: Partial<Parameters<typeof createDeal>[1]> = {},
) {
  return asFactory(station, (cx) => createDeal(cx, { title: `Deal ${unique()}`, ...overrides }));
}

/** Adds a fixed-price job to the order and walks it to `until` (done, handed_over, paid = handed over and paid in full). */
export async function workOrder(
  station: TestStation,
  orderId: string,
  until: 'approved' | 'in_work' | 'done' | 'handed_over' | 'paid',
  options: { priceMinor?: number; jobKind?: string } = {},
) {
  const job = await asFactory(station, (cx) =>
    addJob(cx, orderId, {
      name: 'Oil and filter',
      jobKind: options.jobKind ?? 'service',
      normSeconds: 1800,
      pricing: 'fixed',
      fixedPriceMinor: options.priceMinor ?? 500_000,
    } as Parameters<typeof addJob>[2]),
  );
  await asFactory(station, (cx) => transitionOrder(cx, { orderId, to: 'approved' }));
  if (until === 'approved') return job;
  await asFactory(station, (cx) => transitionOrder(cx, { orderId, to: 'in_work' }));
  if (until === 'in_work') return job;
  await asFactory(station, async (cx) => {
    await startJob(cx, { lineId: job.id });
    await completeJob(cx, { lineId: job.id });
  });
  await asFactory(station, (cx) => transitionOrder(cx, { orderId, to: 'done' }));
  if (until === 'done') return job;
  await asFactory(station, (cx) => transitionOrder(cx, { orderId, to: 'handed_over' }));
  if (until === 'handed_over') return job;
  const [order] = await station.deps.sequelize.query<{ total_minor: string }>(
    `SELECT total_minor FROM repair_orders WHERE id = :orderId`,
    { type: QueryTypes.SELECT, replacements: { orderId } },
  );
  await asFactory(station, (cx) =>
    recordPayment(cx, { orderId, method: 'card', kind: 'payment', amountMinor: Number(order!.total_minor) }),
  );
  return job;
}

/** Collects the domain events published on the station's bus. */
export function captureEvents(station: TestStation) {
  const events: Array<{ type: string; [k: string]: unknown }> = [];
  const stop = station.deps.bus.subscribe((e) => void events.push(e));
  return { events, stop, of: (type: string) => events.filter((e) => e.type === type) };
}
