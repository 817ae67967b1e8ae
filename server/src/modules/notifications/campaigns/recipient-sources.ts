import { z } from 'zod';
import { badRequest } from '../../../platform/errors.ts';
import { select, type Executor } from '../db.ts';

export interface Recipient {
  customerId: string;
  name: string;
  phones: string[];
  email: string | null;
  consents: { smsMarketing: boolean; emailMarketing: boolean };
}

/**
 * Who a campaign goes to. The notifications module has a filter over customers and their cars; the
 * CRM plugs in its segments (`crm.segment`) through registerRecipientSource.
 */
export interface RecipientSource {
  key: string;
  describe: string;
  list(ex: Executor, params: Record<string, unknown>): Promise<Recipient[]>;
}

const sources = new Map<string, RecipientSource>();

export function registerRecipientSource(source: RecipientSource): void {
  sources.set(source.key, source);
}

export function recipientSource(key: string): RecipientSource | null {
  return sources.get(key) ?? null;
}

export function recipientSources(): RecipientSource[] {
  return [...sources.values()];
}

const filterParams = z.strictObject({
  make: z.string().trim().min(1).max(100).optional(),
  model: z.string().trim().min(1).max(100).optional(),
  lastVisitBefore: z.iso.date('must be a date YYYY-MM-DD').optional(),
  lastVisitAfter: z.iso.date('must be a date YYYY-MM-DD').optional(),
});

/** Customers by their cars and their last visit: "Kia owners who have not been here since March". */
export const customerFilterSource: RecipientSource = {
  key: 'customers.filter',
  describe: 'Customers filtered by car make/model and the date of their last repair order',
  async list(ex, params) {
    const parsed = filterParams.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = [
        'sourceParams',
        ...issue.path.map(String),
        ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]] : []),
      ].join('.');
      throw badRequest(
        `${field}: ${issue.code === 'unrecognized_keys' ? 'is not a known filter' : issue.message}`,
        field,
      );
    }
    const p = parsed.data;
    const rows = await select<{
      id: string;
      name: string;
      email: string | null;
      phones: string[] | null;
      consent_sms_marketing: boolean;
      consent_email_marketing: boolean;
    }>(
      ex,
      `SELECT c.id, c.name, c.email, c.consent_sms_marketing, c.consent_email_marketing,
              (SELECT array_agg(ph.e164 ORDER BY ph.is_primary DESC, ph.created_at) FROM customer_phones ph WHERE ph.customer_id = c.id) AS phones
         FROM customers c
         LEFT JOIN LATERAL (SELECT max(o.created_at) AS last_visit FROM repair_orders o
                             WHERE o.customer_id = c.id AND o.status <> 'cancelled') v ON true
        WHERE c.merged_into_id IS NULL
          AND (:make::text IS NULL OR EXISTS (SELECT 1 FROM vehicles ve WHERE ve.customer_id = c.id AND lower(ve.make) = lower(:make)
                                             AND (:model::text IS NULL OR lower(ve.model) = lower(:model))))
          AND (:model::text IS NULL OR EXISTS (SELECT 1 FROM vehicles ve WHERE ve.customer_id = c.id AND lower(ve.model) = lower(:model)))
          AND (:before::date IS NULL OR v.last_visit IS NULL OR v.last_visit < :before::date)
          AND (:after::date IS NULL OR v.last_visit >= :after::date)
        ORDER BY c.name, c.id`,
      {
        make: p.make ?? null,
        model: p.model ?? null,
        before: p.lastVisitBefore ?? null,
        after: p.lastVisitAfter ?? null,
      },
    );
    return rows.map((r) => ({
      customerId: r.id,
      name: r.name,
      phones: r.phones ?? [],
      email: r.email,
      consents: { smsMarketing: r.consent_sms_marketing, emailMarketing: r.consent_email_marketing },
    }));
  },
};
