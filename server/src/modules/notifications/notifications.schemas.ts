import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';
import { CONDITION_OPS } from './rules/conditions.ts';
import {
  CHANNELS,
  MESSAGE_KIND_NAMES,
  MESSAGE_LOCALES,
  PURPOSES,
  type MessageKind,
} from './rules/message-kinds.ts';
import { QUIET_TIME_PATTERN } from './rules/quiet-hours.ts';

const uuid = z.uuid('must be an id');
const kind = z.enum(MESSAGE_KIND_NAMES as [MessageKind, ...MessageKind[]]);
const channel = z.enum(CHANNELS);
const locale = z.enum(MESSAGE_LOCALES);
const time = z.string().regex(QUIET_TIME_PATTERN, 'must be a time HH:MM');
const quietHours = z.strictObject({ from: time, to: time }).nullable();
const perMinute = z.number().int('must be a whole number').min(1).max(10_000);
const secret = z.string().max(500).nullable();
const optionalText = (max: number) => z.string().trim().max(max).nullable();
const bodyText = z.string().min(1, 'must not be empty').max(10_000);
const nonEmpty = (v: object) => Object.keys(v).length > 0;

export const idParam = z.object({ id: uuid });
export const channelParam = z.object({ channel });

export const settingsBody = z
  .strictObject({
    sms: z
      .strictObject({
        enabled: z.boolean(),
        provider: z.enum(['modem', 'gateway', 'simulated']),
        quietHours,
        perMinute,
      })
      .partial()
      .optional(),
    email: z
      .strictObject({ enabled: z.boolean(), provider: z.enum(['smtp', 'simulated']), quietHours, perMinute })
      .partial()
      .optional(),
    modem: z
      .strictObject({
        port: optionalText(200),
        baudRate: z.number().int().min(1200).max(921_600),
        pin: z
          .string()
          .regex(/^\d{4,8}$/, 'must be 4–8 digits')
          .nullable(),
        smsc: z
          .string()
          .regex(/^\+?\d{3,20}$/, 'must be a phone number')
          .nullable(),
        deliveryReports: z.boolean(),
      })
      .partial()
      .optional(),
    gateway: z
      .strictObject({
        url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).nullable(),
        method: z.enum(['GET', 'POST', 'PUT']),
        headers: z.record(
          z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name'),
          z.string().max(2000),
        ),
        bodyTemplate: z.string().max(5000),
        idField: z
          .string()
          .regex(/^[A-Za-z0-9_.]{1,100}$/, 'must be a field name like id or data.id')
          .nullable(),
        token: secret,
        webhookSecret: z.string().min(16, 'must be at least 16 characters').max(200).nullable(),
      })
      .partial()
      .optional(),
    smtp: z
      .strictObject({
        host: optionalText(253),
        port: z.number().int().min(1).max(65_535),
        secure: z.boolean(),
        verifyCertificate: z.boolean(),
        user: optionalText(200),
        password: secret,
        from: z
          .string()
          .trim()
          .max(300)
          .regex(/^(.*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'must be an e-mail address')
          .nullable(),
      })
      .partial()
      .optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(50),
        baseSeconds: z.number().int().min(1).max(86_400),
        maxSeconds: z.number().int().min(1).max(604_800),
      })
      .partial()
      .optional(),
    linkBaseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .nullable()
      .optional(),
  })
  .refine(nonEmpty, 'give at least one setting to change');
export type SettingsInput = z.infer<typeof settingsBody>;

export const templatesQuery = z.object({
  kind: kind.optional(),
  channel: channel.optional(),
  locale: locale.optional(),
});

export const createTemplateBody = z.strictObject({
  kind,
  channel,
  locale,
  subject: z.string().max(500).nullable().optional(),
  body: bodyText,
});

export const updateTemplateBody = z
  .strictObject({ subject: z.string().max(500).nullable().optional(), body: bodyText.optional() })
  .refine(nonEmpty, 'give the subject or the body');

export const previewBody = z.strictObject({
  kind,
  channel,
  locale,
  subject: z.string().max(500).nullable().optional(),
  body: bodyText,
  /** Real records to fill the variables from; without any, sample values. */
  customerId: uuid.optional(),
  orderId: uuid.optional(),
  appointmentId: uuid.optional(),
});

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const condition = z.strictObject({
  field: z.string().max(100),
  op: z.enum(CONDITION_OPS),
  value: z.union([scalar, z.array(scalar).max(50)]).optional(),
});
const eventType = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'must be an event type like order.status_changed');

export const createRuleBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  eventType,
  conditions: z.array(condition).max(20).default([]),
  actionType: z.string().min(1).max(100),
  actionParams: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().optional(),
});

export const updateRuleBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    eventType,
    conditions: z.array(condition).max(20),
    actionType: z.string().min(1).max(100),
    actionParams: z.record(z.string(), z.unknown()),
    enabled: z.boolean(),
  })
  .partial()
  .refine(nonEmpty, 'give at least one field to change');

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO date-time' });

export const outboxQuery = pageQuery.extend({
  status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled']).optional(),
  channel: channel.optional(),
  kind: z.string().max(64).optional(),
  customerId: uuid.optional(),
  campaignId: uuid.optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  q: z.string().trim().max(100).optional(),
});

export const cancelBody = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(300) });

export const optOutBody = z.strictObject({
  channel,
  purpose: z.enum(PURPOSES).nullable().default(null),
  note: z.string().trim().max(500).nullable().optional(),
});

export const profileBody = z
  .strictObject({
    locale: locale.nullable(),
    birthDate: z.iso
      .date('must be a date YYYY-MM-DD')
      .refine(
        (d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d,
        'is not a day of the calendar',
      )
      .nullable(),
  })
  .partial()
  .refine(nonEmpty, 'give the language or the birth date');

const campaignTexts = z
  .strictObject({
    en: z.strictObject({ subject: z.string().max(500).nullable().optional(), body: bodyText }).optional(),
    ru: z.strictObject({ subject: z.string().max(500).nullable().optional(), body: bodyText }).optional(),
  })
  .refine((v) => v.en || v.ru, 'give the text in at least one language');

export const recipientsBody = z.strictObject({
  source: z.string().min(1).max(100),
  sourceParams: z.record(z.string(), z.unknown()).default({}),
  channel,
});

export const createCampaignBody = recipientsBody.extend({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  texts: campaignTexts,
});

export const testMessageBody = z.strictObject({
  to: z.string().trim().min(3).max(200),
  text: z.string().min(1).max(1000).optional(),
});

export const gatewayWebhookQuery = z.object({ secret: z.string().max(200).optional() }).loose();
