/**
 * Customer messages under load on a durable PostgreSQL (synchronous commit, as a station runs):
 *
 *   npx tsx scripts/bench-notifications.ts [--bookings 300] [--customers 2000]
 *
 * Prints: the cost the automation rules add to a booking's transaction (rules on vs off), a campaign
 * launched to N customers (consent checked, rendered, queued in one transaction), the sender's
 * throughput through the simulated channel, and the pure SMS functions (segmenting, PDU encoding).
 * Uses PITWALL_DATABASE_URL's server when set, else a throw-away embedded PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../server/src/config.ts';
import type { AppDeps } from '../server/src/deps.ts';
import { defineModels } from '../server/src/models.ts';
import { registerCrm } from '../server/src/modules/crm/index.ts';
import { createCampaign, launchCampaign } from '../server/src/modules/notifications/campaigns/campaigns.ts';
import { updateSettings } from '../server/src/modules/notifications/commands/update-settings.ts';
import { registerNotifications } from '../server/src/modules/notifications/index.ts';
import { encodeSubmit } from '../server/src/modules/notifications/rules/pdu.ts';
import { smsInfo } from '../server/src/modules/notifications/rules/sms-encoding.ts';
import { bookAppointment, Lift } from '../server/src/modules/scheduler/index.ts';
import { createCustomer, createVehicle } from '../server/src/modules/workshop/index.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { createSequelize } from '../server/src/platform/db/sequelize.ts';
import { migrate } from '../server/src/platform/db/migrator.ts';
import { EventBus } from '../server/src/platform/events.ts';
import { newId } from '../server/src/platform/ids.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { inTransaction } from '../server/src/platform/transaction.ts';
import { databaseUrl, startTestPostgres, withAdmin } from '../tests/support/postgres.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const BOOKINGS = arg('bookings', 300);
const CUSTOMERS = arg('customers', 2000);
const ACTOR = { type: 'system', id: null, name: 'bench' } as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms`;
}

async function bookings(deps: AppDeps, rulesOn: boolean): Promise<number[]> {
  await deps.sequelize.query(`UPDATE notification_rules SET enabled = :on WHERE code = 'booking_confirmed'`, {
    replacements: { on: rulesOn },
  });
  deps.bus.publish([{ type: 'notifications.rules_changed' }]);
  await new Promise((resolve) => setImmediate(resolve));
  const lift = await inTransaction(deps, ACTOR, (cx) =>
    Lift.create(
      {
        id: newId(),
        code: `B${randomBytes(3).toString('hex')}`,
        name: 'Bench lift',
        kind: 'two_post',
        status: 'working',
        position: 0,
        createdAt: cx.now,
        updatedAt: cx.now,
      },
      { transaction: cx.tx },
    ),
  );
  const customers = await inTransaction(deps, ACTOR, async (cx) => {
    const out: Array<{ customerId: string; vehicleId: string }> = [];
    for (let i = 0; i < BOOKINGS; i++) {
      const c = await createCustomer(cx, {
        kind: 'individual',
        name: `Bench ${i}`,
        phones: [{ number: `+7916${String(1_000_000 + i + (rulesOn ? 0 : 5_000_000)).padStart(7, '0')}` }],
        force: true,
      } as Parameters<typeof createCustomer>[1]);
      const v = await createVehicle(cx, {
        customerId: c.id,
        make: 'Kia',
        model: 'Rio',
        plate: `B${i}BC77`,
        force: true,
      } as Parameters<typeof createVehicle>[1]);
      out.push({ customerId: c.id, vehicleId: v.id });
    }
    return out;
  });
  const samples: number[] = [];
  const start = Date.UTC(2031, 0, 6, 6, 0, 0) + (rulesOn ? 0 : 400 * 86_400_000);
  for (const [i, { customerId, vehicleId }] of customers.entries()) {
    const t = performance.now();
    await inTransaction(deps, ACTOR, (cx) =>
      bookAppointment(cx, {
        liftId: lift.id,
        startsAt: new Date(start + i * 3_600_000),
        durationSeconds: 3600,
        customerId,
        vehicleId,
        timezone: 'Europe/Moscow',
      }),
    );
    samples.push(performance.now() - t);
  }
  return samples;
}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const postgres = await startTestPostgres({ durable: true });
  const database = `pitwall_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`));
  const url = databaseUrl(postgres.adminUrl, database);
  const sequelize = createSequelize(url, 10, logger);
  const config = loadConfig({
    PITWALL_DATABASE_URL: url,
    PITWALL_TIMEZONE: 'Europe/Moscow',
    PITWALL_DEMO: '0',
  });
  const deps: AppDeps = {
    config,
    logger,
    sequelize,
    bus: new EventBus(logger),
    clock: systemClock,
    readiness: { broker: () => true, jobs: () => true },
    version: 'bench',
  };
  try {
    await migrate(url, sequelize, logger);
    defineModels(sequelize);
    registerCrm(deps, null);
    const notifications = registerNotifications(deps, null);
    await inTransaction(deps, ACTOR, (cx) =>
      updateSettings(cx, {
        sms: { enabled: true, provider: 'simulated', quietHours: null, perMinute: 10_000 },
        email: { enabled: true, provider: 'simulated', quietHours: null, perMinute: 10_000 },
      }),
    );

    console.log(`\n## Booking transaction (${BOOKINGS} bookings each)`);
    const off = await bookings(deps, false);
    const on = await bookings(deps, true);
    console.log(`rules off (no message): ${summary(off)}`);
    console.log(`rules on (confirmation queued in the same transaction): ${summary(on)}`);

    console.log(`\n## Campaign to ${CUSTOMERS} customers`);
    await inTransaction(deps, ACTOR, async (cx) => {
      for (let i = 0; i < CUSTOMERS; i++) {
        const c = await createCustomer(cx, {
          kind: 'individual',
          name: `Campaign ${i}`,
          phones: [{ number: `+7925${String(1_000_000 + i).padStart(7, '0')}` }],
          consents: { smsMarketing: i % 4 !== 0 },
          force: true,
        } as Parameters<typeof createCustomer>[1]);
        await createVehicle(cx, {
          customerId: c.id,
          make: 'Haval',
          model: 'Jolion',
          force: true,
        } as Parameters<typeof createVehicle>[1]);
      }
    });
    const campaign = await inTransaction(deps, ACTOR, (cx) =>
      createCampaign(cx, {
        name: 'Bench',
        channel: 'sms',
        source: 'customers.filter',
        sourceParams: { make: 'Haval' },
        texts: {
          ru: { body: '{{customerName}}, весенняя диагностика вашего {{car}} со скидкой. {{stationPhone}}' },
        },
      }),
    );
    let t = performance.now();
    const launched = await inTransaction(deps, ACTOR, (cx) =>
      launchCampaign(cx, campaign.id, notifications.station()),
    );
    const launchMs = performance.now() - t;
    console.log(
      `launch: ${(launchMs / 1000).toFixed(2)} s for ${CUSTOMERS} recipients (${launched.queued_count} queued, ${launched.suppressed_count} without consent), ${(launchMs / CUSTOMERS).toFixed(2)} ms per recipient`,
    );

    console.log('\n## Sender through the simulated channel');
    t = performance.now();
    let sent = 0;
    for (;;) {
      const report = await notifications.sendDue(new Date());
      sent += report.sent;
      if (report.sent === 0) break;
    }
    const sendMs = performance.now() - t;
    console.log(
      `sent ${sent} messages in ${(sendMs / 1000).toFixed(2)} s: ${((sent / sendMs) * 1000).toFixed(0)} messages/s (3 transactions each)`,
    );

    console.log('\n## Pure SMS functions');
    const text = 'Ваш автомобиль готов, к оплате 12 540 ₽. '.repeat(10);
    const n = 20_000;
    t = performance.now();
    for (let i = 0; i < n; i++) smsInfo(text);
    console.log(
      `smsInfo of ${text.length} characters: ${(((performance.now() - t) / n) * 1000).toFixed(1)} µs`,
    );
    t = performance.now();
    for (let i = 0; i < n / 10; i++) encodeSubmit({ to: '+79161234567', text, requestStatusReport: true });
    console.log(
      `encodeSubmit into ${encodeSubmit({ to: '+79161234567', text }).length} UCS-2 parts: ${(((performance.now() - t) / (n / 10)) * 1000).toFixed(1)} µs`,
    );
    await notifications.close();
  } finally {
    await sequelize.close();
    await withAdmin(postgres.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`),
    ).catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
