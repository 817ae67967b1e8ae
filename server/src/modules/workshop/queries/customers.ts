import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { CustomerDto, CustomerSummaryDto, DuplicateCandidateDto } from '../../../contracts/workshop.ts';
import { notFound } from '../../../platform/errors.ts';
import { Customer, CustomerContact, CustomerPhone, Vehicle } from '../models/index.ts';
import { presentCustomer } from '../workshop.presenter.ts';

export async function getCustomerDto(id: string, tx?: Transaction): Promise<CustomerDto> {
  const customer = await Customer.findByPk(id, { transaction: tx });
  if (!customer) throw notFound('Customer');
  return customerDto(customer, tx);
}

export async function customerDto(customer: Customer, tx?: Transaction): Promise<CustomerDto> {
  const [phones, contacts, vehicles] = await Promise.all([
    CustomerPhone.findAll({
      where: { customerId: customer.id },
      order: [
        ['isPrimary', 'DESC'],
        ['createdAt', 'ASC'],
        ['e164', 'ASC'],
      ],
      transaction: tx,
    }),
    CustomerContact.findAll({
      where: { customerId: customer.id },
      order: [
        ['createdAt', 'ASC'],
        ['name', 'ASC'],
      ],
      transaction: tx,
    }),
    Vehicle.findAll({ where: { customerId: customer.id }, order: [['createdAt', 'ASC']], transaction: tx }),
  ]);
  return presentCustomer(customer, phones, contacts, vehicles);
}

/** Columns of `customers c` plus its phones and vehicles as JSON, for the short cards of lists. */
export const SUMMARY_COLUMNS = `c.id, c.kind, c.name, c.email, c.owner_id,
  coalesce((SELECT json_agg(p.e164 ORDER BY p.is_primary DESC, p.created_at, p.e164) FROM customer_phones p WHERE p.customer_id = c.id), '[]') AS phones,
  coalesce((SELECT json_agg(json_build_object('id', v.id, 'plate', v.plate, 'vin', v.vin, 'make', v.make, 'model', v.model, 'year', v.year)
                            ORDER BY v.created_at, v.id)
              FROM vehicles v WHERE v.customer_id = c.id), '[]') AS vehicles`;

export interface SummaryRow {
  id: string;
  kind: CustomerSummaryDto['kind'];
  name: string;
  email: string | null;
  owner_id: string | null;
  phones: string[];
  vehicles: CustomerSummaryDto['vehicles'];
}

export function presentSummary(r: SummaryRow): CustomerSummaryDto {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phones: r.phones,
    vehicles: r.vehicles,
    ownerId: r.owner_id,
  };
}

/** Short cards for lists: name, phones, vehicles; in the order of `ids`. */
export async function customerSummaries(
  sequelize: Sequelize,
  ids: readonly string[],
  tx?: Transaction,
): Promise<CustomerSummaryDto[]> {
  if (ids.length === 0) return [];
  const rows = await sequelize.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM customers c WHERE c.id IN (:ids)`,
    {
      replacements: { ids },
      type: QueryTypes.SELECT,
      transaction: tx,
    },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [presentSummary(byId.get(id)!)] : []));
}

/** Customers (not merged away) that share a phone or own a vehicle with the VIN. */
export async function findDuplicates(
  sequelize: Sequelize,
  probe: { phones: readonly string[]; vins: readonly string[]; excludeId?: string },
  tx?: Transaction,
): Promise<DuplicateCandidateDto[]> {
  const matches = new Map<string, Set<string>>();
  const add = (customerId: string, what: string) => {
    if (probe.excludeId === customerId) return;
    if (!matches.has(customerId)) matches.set(customerId, new Set());
    matches.get(customerId)!.add(what);
  };
  if (probe.phones.length) {
    const rows = await CustomerPhone.findAll({
      where: { e164: { [Op.in]: [...probe.phones] } },
      transaction: tx,
    });
    for (const r of rows) add(r.customerId, `phone:${r.e164}`);
  }
  if (probe.vins.length) {
    const rows = await Vehicle.findAll({
      where: { vin: { [Op.in]: [...probe.vins] }, customerId: { [Op.ne]: null } },
      transaction: tx,
    });
    for (const r of rows) add(r.customerId!, `vin:${r.vin}`);
  }
  if (matches.size === 0) return [];
  const live = await Customer.findAll({
    where: { id: [...matches.keys()], mergedIntoId: null },
    attributes: ['id'],
    transaction: tx,
  });
  const summaries = await customerSummaries(
    sequelize,
    live.map((c) => c.id),
    tx,
  );
  return summaries.map((customer) => ({ customer, matches: [...matches.get(customer.id)!].sort() }));
}
