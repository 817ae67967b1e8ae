import { QueryTypes, type Sequelize } from 'sequelize';
import type { Page } from '../../../contracts/dto.ts';
import type { CustomerSummaryDto } from '../../../contracts/workshop.ts';
import { phoneDigits } from '../rules/phone.ts';
import { plateKey } from '../rules/plate.ts';
import { nameKey } from '../rules/search-key.ts';
import { normalizeVin } from '../rules/vin.ts';
import { presentSummary, SUMMARY_COLUMNS, type SummaryRow } from './customers.ts';

export interface CustomerSearch {
  q?: string;
  name?: string;
  phone?: string;
  plate?: string;
  vin?: string;
  offset: number;
  limit: number;
  /** Only customers owned by this user (record scope "own"). */
  ownerId?: string | null;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);
const contains = (text: string) => `%${likeEscape(text)}%`;

/** Each criterion is a set of customer ids found through one trigram index. */
const SOURCES = {
  name: `SELECT id AS customer_id FROM customers WHERE search_name LIKE :NAME
         UNION SELECT customer_id FROM customer_contacts WHERE search_name LIKE :NAME`,
  phone: `SELECT customer_id FROM customer_phones WHERE digits LIKE :NAME`,
  plate: `SELECT customer_id FROM vehicles WHERE plate_key LIKE :NAME AND customer_id IS NOT NULL`,
  vin: `SELECT customer_id FROM vehicles WHERE vin LIKE :NAME AND customer_id IS NOT NULL`,
} as const;

/**
 * Finds customers by a part of a name (or a contact person's), a phone fragment (digits anywhere in
 * the number), a plate fragment (either alphabet) or a VIN fragment. Named criteria must all match;
 * `q` matches any of them. Merged-away customers never appear.
 */
export async function searchCustomers(
  sequelize: Sequelize,
  s: CustomerSearch,
): Promise<Page<CustomerSummaryDto>> {
  const replacements: Record<string, unknown> = { offset: s.offset, limit: s.limit };
  let n = 0;
  const source = (kind: keyof typeof SOURCES, value: string) => {
    const param = `p${n++}`;
    replacements[param] = contains(value);
    return SOURCES[kind].replaceAll(':NAME', `:${param}`);
  };
  const sets: string[] = [];
  if (s.name && nameKey(s.name)) sets.push(source('name', nameKey(s.name)));
  if (s.phone) sets.push(source('phone', phoneDigits(s.phone)));
  if (s.plate && plateKey(s.plate)) sets.push(source('plate', plateKey(s.plate)));
  if (s.vin && normalizeVin(s.vin)) sets.push(source('vin', normalizeVin(s.vin)));
  if (s.q) {
    const any: string[] = [];
    const key = nameKey(s.q);
    if (key.length >= 2) any.push(source('name', key));
    const digits = phoneDigits(s.q);
    if (digits.length >= 3 && /^[\d\s()+.-]+$/.test(s.q)) any.push(source('phone', digits));
    const plate = plateKey(s.q);
    if (plate.length >= 2 && /\d/.test(plate)) any.push(source('plate', plate));
    const vin = normalizeVin(s.q);
    if (vin.length >= 6 && /^[A-HJ-NPR-Z0-9]+$/.test(vin) && /\d/.test(vin)) any.push(source('vin', vin));
    if (any.length === 0) return { items: [], total: 0, offset: s.offset, limit: s.limit };
    sets.push(any.join('\nUNION\n'));
  }
  const conditions = ['c.merged_into_id IS NULL'];
  if (s.ownerId) {
    conditions.push('c.owner_id = :ownerId');
    replacements.ownerId = s.ownerId;
  }
  const from = sets.length
    ? `(${sets.map((q) => `(${q})`).join('\nINTERSECT\n')}) AS hit JOIN customers c ON c.id = hit.customer_id`
    : 'customers c';
  // One statement: the page of matching ids, then each customer's phones and vehicles as JSON.
  const rows = await sequelize.query<SummaryRow & { total: string }>(
    `WITH page AS (
       SELECT c.id, c.search_name, count(*) OVER () AS total FROM ${from}
        WHERE ${conditions.join(' AND ')}
        ORDER BY c.search_name, c.id OFFSET :offset LIMIT :limit
     )
     SELECT page.total, ${SUMMARY_COLUMNS} FROM page JOIN customers c ON c.id = page.id ORDER BY page.search_name, page.id`,
    { replacements, type: QueryTypes.SELECT },
  );
  const total = rows.length
    ? Number(rows[0]!.total)
    : s.offset > 0
      ? await countOnly(sequelize, from, conditions, replacements)
      : 0;
  return { items: rows.map(presentSummary), total, offset: s.offset, limit: s.limit };
}

async function countOnly(
  sequelize: Sequelize,
  from: string,
  conditions: string[],
  replacements: Record<string, unknown>,
): Promise<number> {
  const [row] = await sequelize.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${from} WHERE ${conditions.join(' AND ')}`,
    { replacements, type: QueryTypes.SELECT },
  );
  return Number(row?.n ?? 0);
}
