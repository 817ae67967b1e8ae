import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

type Texts = { sms: string; emailSubject: string; email: string };

const TEMPLATES: Record<string, { en: Texts; ru: Texts }> = {
  booking_confirmed: {
    en: {
      sms: '{{customerName}}, you are booked at {{stationName}} on {{date}} at {{time}} ({{car}} {{plate}}). Address: {{stationAddress}}. Tel. {{stationPhone}}',
      emailSubject: 'Your booking on {{date}} at {{time}}',
      email:
        'Dear {{customerName}},\n\nyour {{car}} {{plate}} is booked at {{stationName}} on {{date}} at {{time}}.\n\nAddress: {{stationAddress}}\nTo change the time call {{stationPhone}}.\n\n{{stationName}}',
    },
    ru: {
      sms: '{{customerName}}, вы записаны в {{stationName}} на {{date}} в {{time}} ({{car}} {{plate}}). Адрес: {{stationAddress}}. Тел. {{stationPhone}}',
      emailSubject: 'Вы записаны на {{date}} в {{time}}',
      email:
        'Здравствуйте, {{customerName}}!\n\nВаш {{car}} {{plate}} записан в {{stationName}} на {{date}} в {{time}}.\n\nАдрес: {{stationAddress}}\nЧтобы перенести запись, позвоните {{stationPhone}}.\n\n{{stationName}}',
    },
  },
  appointment_reminder: {
    en: {
      sms: 'Reminder: {{stationName}} expects your {{car}} {{plate}} tomorrow, {{date}}, at {{time}}. {{stationAddress}}. To change: {{stationPhone}}',
      emailSubject: 'See you tomorrow at {{time}}',
      email:
        'Dear {{customerName}},\n\na reminder: we expect your {{car}} {{plate}} tomorrow, {{date}}, at {{time}}.\n\nAddress: {{stationAddress}}\nTo change the time call {{stationPhone}}.\n\n{{stationName}}',
    },
    ru: {
      sms: 'Напоминаем: ждём ваш {{car}} {{plate}} завтра, {{date}}, в {{time}}. {{stationAddress}}. Перенести: {{stationPhone}}',
      emailSubject: 'Ждём вас завтра в {{time}}',
      email:
        'Здравствуйте, {{customerName}}!\n\nНапоминаем: ждём ваш {{car}} {{plate}} завтра, {{date}}, в {{time}}.\n\nАдрес: {{stationAddress}}\nЧтобы перенести запись, позвоните {{stationPhone}}.\n\n{{stationName}}',
    },
  },
  car_ready: {
    en: {
      sms: 'Your {{car}} {{plate}} is ready. Amount due: {{amountDue}}.{{#pointsBalance}} Your points: {{pointsBalance}}.{{/pointsBalance}} {{stationName}}, {{stationAddress}}',
      emailSubject: 'Your {{car}} {{plate}} is ready',
      email:
        'Dear {{customerName}},\n\nthe work on your {{car}} {{plate}} (order {{orderNumber}}) is done and the car is ready.\nOrder total: {{orderTotal}}. Amount due: {{amountDue}}.{{#pointsBalance}}\nYour bonus points: {{pointsBalance}}.{{/pointsBalance}}\n\nThe invoice is attached.\n\n{{stationName}}, {{stationAddress}}, {{stationPhone}}',
    },
    ru: {
      sms: 'Ваш {{car}} {{plate}} готов. К оплате: {{amountDue}}.{{#pointsBalance}} Ваши баллы: {{pointsBalance}}.{{/pointsBalance}} {{stationName}}, {{stationAddress}}',
      emailSubject: 'Ваш {{car}} {{plate}} готов',
      email:
        'Здравствуйте, {{customerName}}!\n\nРаботы по вашему {{car}} {{plate}} (заказ-наряд {{orderNumber}}) завершены, автомобиль готов.\nСумма заказа: {{orderTotal}}. К оплате: {{amountDue}}.{{#pointsBalance}}\nВаши бонусные баллы: {{pointsBalance}}.{{/pointsBalance}}\n\nСчёт во вложении.\n\n{{stationName}}, {{stationAddress}}, {{stationPhone}}',
    },
  },
  parts_arrived: {
    en: {
      sms: 'The parts for your {{car}} {{plate}} have arrived ({{partsList}}). Call us to book: {{stationPhone}}. {{stationName}}',
      emailSubject: 'The parts for your {{car}} have arrived',
      email:
        'Dear {{customerName}},\n\nthe parts ordered for your {{car}} {{plate}} (order {{orderNumber}}) have arrived: {{partsList}}.\nCall {{stationPhone}} to book a time.\n\n{{stationName}}, {{stationAddress}}',
    },
    ru: {
      sms: 'Запчасти для вашего {{car}} {{plate}} поступили ({{partsList}}). Запишитесь: {{stationPhone}}. {{stationName}}',
      emailSubject: 'Запчасти для вашего {{car}} поступили',
      email:
        'Здравствуйте, {{customerName}}!\n\nЗапчасти, заказанные для вашего {{car}} {{plate}} (заказ-наряд {{orderNumber}}), поступили: {{partsList}}.\nЗапишитесь по телефону {{stationPhone}}.\n\n{{stationName}}, {{stationAddress}}',
    },
  },
  service_due: {
    en: {
      sms: '{{customerName}}, your {{car}} {{plate}} is due for {{serviceName}} by {{dueDate}}{{#dueKm}} or {{dueKm}} km{{/dueKm}}. Book: {{stationPhone}}. {{stationName}}',
      emailSubject: 'Time for {{serviceName}}',
      email:
        'Dear {{customerName}},\n\nyour {{car}} {{plate}} is due for {{serviceName}} by {{dueDate}}{{#dueKm}} or at {{dueKm}} km{{/dueKm}}.\nCall {{stationPhone}} to book a time.\n\n{{stationName}}, {{stationAddress}}',
    },
    ru: {
      sms: '{{customerName}}, вашему {{car}} {{plate}} пора на «{{serviceName}}» до {{dueDate}}{{#dueKm}} или {{dueKm}} км{{/dueKm}}. Запись: {{stationPhone}}',
      emailSubject: 'Пора на «{{serviceName}}»',
      email:
        'Здравствуйте, {{customerName}}!\n\nВашему {{car}} {{plate}} пора на «{{serviceName}}» до {{dueDate}}{{#dueKm}} или при пробеге {{dueKm}} км{{/dueKm}}.\nЗапишитесь по телефону {{stationPhone}}.\n\n{{stationName}}, {{stationAddress}}',
    },
  },
  survey_request: {
    en: {
      sms: 'Thank you for visiting {{stationName}}! How did we do with your {{car}}? Rate us 0-10: {{surveyLink}}',
      emailSubject: 'How did we do?',
      email:
        'Dear {{customerName}},\n\nthank you for choosing {{stationName}} for your {{car}} {{plate}}.\nPlease rate our work from 0 to 10: {{surveyLink}}\n\n{{stationName}}',
    },
    ru: {
      sms: 'Спасибо, что выбрали {{stationName}}! Оцените нас от 0 до 10: {{surveyLink}}',
      emailSubject: 'Оцените нашу работу',
      email:
        'Здравствуйте, {{customerName}}!\n\nСпасибо, что доверили нам ваш {{car}} {{plate}}.\nОцените, пожалуйста, нашу работу от 0 до 10: {{surveyLink}}\n\n{{stationName}}',
    },
  },
  birthday_greeting: {
    en: {
      sms: 'Happy birthday, {{customerName}}! {{stationName}} wishes you a great year{{#pointsBalance}}, and you have {{pointsBalance}} points to spend with us{{/pointsBalance}}.',
      emailSubject: 'Happy birthday, {{customerName}}!',
      email:
        'Dear {{customerName}},\n\nhappy birthday from all of us at {{stationName}}!{{#pointsBalance}}\nYou have {{pointsBalance}} bonus points to spend with us.{{/pointsBalance}}\n\n{{stationName}}',
    },
    ru: {
      sms: 'С днём рождения, {{customerName}}! {{stationName}} желает вам отличного года{{#pointsBalance}}. У вас {{pointsBalance}} бонусных баллов{{/pointsBalance}}.',
      emailSubject: 'С днём рождения, {{customerName}}!',
      email:
        'Здравствуйте, {{customerName}}!\n\nВся команда {{stationName}} поздравляет вас с днём рождения!{{#pointsBalance}}\nУ вас {{pointsBalance}} бонусных баллов.{{/pointsBalance}}\n\n{{stationName}}',
    },
  },
};

const sms = (kind: string) => ({ kind, channels: ['sms'], mode: 'all' });

/** The built-in automation: one rule per seed case; a manager switches each off or edits it. */
const RULES: Array<{
  code: string;
  name: string;
  event: string;
  conditions: unknown[];
  action: string;
  params: object;
}> = [
  {
    code: 'booking_confirmed',
    name: 'Booking confirmed',
    event: 'appointment.booked',
    conditions: [{ field: 'customerId', op: 'exists' }],
    action: 'send_message',
    params: sms('booking_confirmed'),
  },
  {
    code: 'appointment_reminder',
    name: 'Reminder the day before',
    event: 'notifications.appointment_tomorrow',
    conditions: [],
    action: 'send_message',
    params: sms('appointment_reminder'),
  },
  {
    code: 'car_ready',
    name: 'Car ready',
    event: 'order.status_changed',
    conditions: [{ field: 'to', op: 'eq', value: 'done' }],
    action: 'send_message',
    params: { kind: 'car_ready', channels: ['sms', 'email'], mode: 'all', attach: ['invoice'] },
  },
  {
    code: 'parts_arrived',
    name: 'Parts arrived',
    event: 'parts.arrived',
    conditions: [{ field: 'customerId', op: 'exists' }],
    action: 'send_message',
    params: sms('parts_arrived'),
  },
  {
    code: 'service_due',
    name: 'Service due invitation',
    event: 'crm.service_due.invitation',
    conditions: [],
    action: 'send_message',
    params: { kind: 'service_due', channels: ['sms', 'email'], mode: 'first' },
  },
  {
    code: 'survey_request',
    name: 'Survey after hand-over',
    event: 'crm.survey.requested',
    conditions: [],
    action: 'send_message',
    params: { kind: 'survey_request', channels: ['sms', 'email'], mode: 'first' },
  },
  {
    code: 'birthday_greeting',
    name: 'Birthday greeting',
    event: 'notifications.birthday',
    conditions: [],
    action: 'send_message',
    params: sms('birthday_greeting'),
  },
];

/** Default templates (en, ru; SMS and e-mail) and the built-in automation rules of every station. */
export async function up({ query }: MigrationContext): Promise<void> {
  for (const [kind, byLocale] of Object.entries(TEMPLATES)) {
    for (const [locale, texts] of Object.entries(byLocale)) {
      await query(
        `INSERT INTO notification_templates (id, kind, channel, locale, subject, body, updated_by_name)
         VALUES (gen_random_uuid(), :kind, 'sms', :locale, NULL, :sms, 'built-in'),
                (gen_random_uuid(), :kind, 'email', :locale, :subject, :email, 'built-in')`,
        { kind, locale, sms: texts.sms, subject: texts.emailSubject, email: texts.email },
      );
    }
  }
  for (const [position, rule] of RULES.entries()) {
    await query(
      `INSERT INTO notification_rules (id, code, name, event_type, conditions, action_type, action_params, enabled, builtin, position)
       VALUES (gen_random_uuid(), :code, :name, :event, :conditions, :action, :params, true, true, :position)`,
      {
        code: rule.code,
        name: rule.name,
        event: rule.event,
        conditions: JSON.stringify(rule.conditions),
        action: rule.action,
        params: JSON.stringify(rule.params),
        position,
      },
    );
  }
}
