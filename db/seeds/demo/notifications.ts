import type { CommandContext } from '../../../server/src/platform/context.ts';
import { createCampaign } from '../../../server/src/modules/notifications/campaigns/campaigns.ts';
import { setCustomerProfile } from '../../../server/src/modules/notifications/commands/messages.ts';
import {
  announceBirthdays,
  announceTomorrowsAppointments,
} from '../../../server/src/modules/notifications/commands/scheduled-triggers.ts';
import { updateSettings } from '../../../server/src/modules/notifications/commands/update-settings.ts';
import { localDateOf } from '../../../server/src/modules/timeclock/engine/tz.ts';
import { select } from '../../../server/src/modules/notifications/db.ts';

/**
 * Customer messages on the demo station. Both channels stay simulated (nothing leaves the machine);
 * the bookings, finished cars and hand-overs of the other seeds have queued their messages through
 * the automation rules already, and the sender delivers them to the simulated channel once the
 * station runs (after 09:00 station time for SMS). Here: the customers' language, one birthday
 * today, tomorrow's reminders and a draft campaign for Kia owners.
 */
export async function seedNotifications(
  cx: CommandContext,
  { timezone }: { timezone: string },
): Promise<void> {
  await updateSettings(cx, {
    sms: { enabled: true, provider: 'simulated' },
    email: { enabled: true, provider: 'simulated' },
  });
  const customers = await select<{ id: string; name: string; consent_sms_marketing: boolean }>(
    cx,
    `SELECT id, name, consent_sms_marketing FROM customers WHERE merged_into_id IS NULL ORDER BY created_at, id`,
  );
  const today = localDateOf(cx.now.getTime(), timezone);
  let birthdayGiven = false;
  for (const customer of customers) {
    const russian = /[А-Яа-яЁё]/.test(customer.name);
    const birthday = !birthdayGiven && customer.consent_sms_marketing;
    if (birthday) birthdayGiven = true;
    if (!russian && !birthday) continue;
    await setCustomerProfile(cx, customer.id, {
      locale: russian ? 'ru' : 'en',
      ...(birthday ? { birthDate: `1984${today.slice(4)}` } : {}),
    });
  }
  await announceBirthdays(cx, timezone);
  await announceTomorrowsAppointments(cx, timezone);
  await createCampaign(cx, {
    name: 'Kia owners: spring check-up',
    channel: 'sms',
    source: 'customers.filter',
    sourceParams: { make: 'Kia' },
    texts: {
      ru: {
        body: '{{customerName}}, весенняя диагностика вашего {{car}} со скидкой 20%. Запись: {{stationPhone}}. {{stationName}}',
      },
      en: {
        body: '{{customerName}}, a spring check-up for your {{car}} at 20% off. Book: {{stationPhone}}. {{stationName}}',
      },
    },
  });
}
