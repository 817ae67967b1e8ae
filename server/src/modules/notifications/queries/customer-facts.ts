import type { Consents } from '../rules/consent.ts';
import type { MessageLocale } from '../rules/message-kinds.ts';
import { selectOne, type Executor } from '../db.ts';

export interface CustomerFacts {
  id: string;
  name: string;
  email: string | null;
  /** The primary phone in E.164, else the first one. */
  phone: string | null;
  consents: Consents;
  mergedIntoId: string | null;
  locale: MessageLocale | null;
  birthDate: string | null;
}

export async function customerFacts(ex: Executor, customerId: string): Promise<CustomerFacts | null> {
  const row = await selectOne<{
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    consent_sms_service: boolean;
    consent_sms_marketing: boolean;
    consent_email_service: boolean;
    consent_email_marketing: boolean;
    merged_into_id: string | null;
    locale: MessageLocale | null;
    birth_date: string | null;
  }>(
    ex,
    `SELECT c.id, c.name, c.email, c.consent_sms_service, c.consent_sms_marketing, c.consent_email_service,
            c.consent_email_marketing, c.merged_into_id, p.locale, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
            (SELECT ph.e164 FROM customer_phones ph WHERE ph.customer_id = c.id
              ORDER BY ph.is_primary DESC, ph.contact_id IS NOT NULL, ph.created_at LIMIT 1) AS phone
       FROM customers c LEFT JOIN notification_customer_profiles p ON p.customer_id = c.id
      WHERE c.id = :customerId`,
    { customerId },
  );
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    consents: {
      smsService: row.consent_sms_service,
      smsMarketing: row.consent_sms_marketing,
      emailService: row.consent_email_service,
      emailMarketing: row.consent_email_marketing,
    },
    mergedIntoId: row.merged_into_id,
    locale: row.locale,
    birthDate: row.birth_date,
  };
}

/** The customer a phone number belongs to (a reply's sender); the most recently created one if shared. */
export async function customerByPhone(ex: Executor, e164: string): Promise<string | null> {
  const row = await selectOne<{ customer_id: string }>(
    ex,
    `SELECT ph.customer_id FROM customer_phones ph JOIN customers c ON c.id = ph.customer_id AND c.merged_into_id IS NULL
      WHERE ph.e164 = :e164 ORDER BY c.created_at DESC LIMIT 1`,
    { e164 },
  );
  return row?.customer_id ?? null;
}
