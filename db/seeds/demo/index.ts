import { QueryTypes } from 'sequelize';
import type { AppDeps } from '../../../server/src/deps.ts';
import { inTransaction } from '../../../server/src/platform/transaction.ts';
import { seedPeople } from './people.ts';
import { seedLifts } from './lifts.ts';
import { seedWorkshop } from './workshop.ts';
import { seedWarehouse } from './warehouse.ts';
import { seedCrm } from './crm.ts';
import { seedNotifications } from './notifications.ts';
import { seedShopfloor } from './shopfloor.ts';

export { DEMO_PASSWORD, DEMO_LOGINS } from './people.ts';

/**
 * Seeds a believable station on an empty database (no users yet). Each module adds its own step;
 * all of it runs in one transaction, so a failed seed leaves the database empty and is retried.
 * Returns whether it seeded.
 */
export async function seedDemoStation(deps: AppDeps): Promise<boolean> {
  const [row] = await deps.sequelize.query<{ users: string }>('SELECT count(*) AS users FROM users', {
    type: QueryTypes.SELECT,
  });
  if (Number(row?.users) > 0) return false;
  await inTransaction(deps, { type: 'system', id: null, name: 'demo seed' }, async (cx) => {
    await cx.sequelize.query(
      `INSERT INTO station_settings (id, name, legal_name, address, phone, email, tax_id)
       VALUES (1, 'Pitwall Demo Service', 'Pitwall Demo LLC', '12 Garage Lane, Moscow', '+74951234567', 'service@pitwall.demo', '7701234567')
       ON CONFLICT (id) DO NOTHING`,
      { transaction: cx.tx },
    );
    const lifts = await seedLifts(cx);
    await seedPeople(cx, { lifts });
    await seedWarehouse(cx);
    await seedWorkshop(cx, { lifts, timezone: deps.config.station.timezone });
    await seedCrm(cx);
    await seedNotifications(cx, { timezone: deps.config.station.timezone });
    await seedShopfloor(cx, { lifts });
  });
  deps.logger.info('demo station seeded');
  return true;
}
