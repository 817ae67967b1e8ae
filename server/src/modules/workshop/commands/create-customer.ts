import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, forbidden } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorUserId } from '../actor.ts';
import { Customer, CustomerContact, CustomerPhone } from '../models/index.ts';
import { findDuplicates } from '../queries/customers.ts';
import { nameKey } from '../rules/search-key.ts';
import type { CreateCustomerInput } from '../workshop.schemas.ts';
import { ownScopeUserId } from '../workshop.policy.ts';
import { insertVehicle } from './create-vehicle.ts';

type PhoneInput = { number: string; label?: string | null; primary?: boolean };

/** Inserts phones, refusing one number twice on the same customer. */
export async function insertPhones(
  cx: CommandContext,
  customerId: string,
  phones: readonly PhoneInput[],
  contactId: string | null,
  field: string,
) {
  const existing = new Set(
    (await CustomerPhone.findAll({ where: { customerId }, transaction: cx.tx })).map((p) => p.e164),
  );
  for (const [i, phone] of phones.entries()) {
    if (existing.has(phone.number))
      throw badRequest(`${field}.${i}.number: ${phone.number} is given twice`, `${field}.${i}.number`);
    existing.add(phone.number);
    await CustomerPhone.create(
      {
        id: newId(),
        customerId,
        contactId,
        e164: phone.number,
        label: phone.label ?? null,
        isPrimary: phone.primary ?? false,
        createdAt: cx.now,
      },
      { transaction: cx.tx },
    );
  }
}

export function checkOwnerChoice(cx: CommandContext, ownerId: string | null | undefined): void {
  const own = ownScopeUserId(cx.actor);
  if (own !== null && ownerId !== undefined && ownerId !== own)
    throw forbidden('With your scope, the customers you create are your own');
}

/**
 * Creates a customer with phones, contact persons, consents and vehicles. A customer who shares a
 * phone or a VIN with an existing one is refused with the candidates (409) unless `force` is set, so
 * the advisor can pick the existing record or merge later.
 */
export async function createCustomer(cx: CommandContext, input: CreateCustomerInput): Promise<Customer> {
  checkOwnerChoice(cx, input.ownerId);
  const phones = [...(input.phones ?? []), ...(input.contacts ?? []).flatMap((c) => c.phones ?? [])].map(
    (p) => p.number,
  );
  const vins = (input.vehicles ?? []).map((v) => v.vin).filter((v): v is string => !!v);
  if (!input.force) {
    const duplicates = await findDuplicates(cx.sequelize, { phones, vins }, cx.tx);
    if (duplicates.length) {
      throw conflict(
        'A customer with the same phone or VIN already exists; pick them, or send force: true to create a new one',
        { duplicates },
      );
    }
  }
  const consents = input.consents ?? {};
  const customer = await Customer.create(
    {
      id: newId(),
      kind: input.kind,
      name: input.name,
      searchName: nameKey(input.name),
      email: input.email ?? null,
      taxId: input.taxId ?? null,
      legalAddress: input.legalAddress ?? null,
      notes: input.notes ?? null,
      ownerId: input.ownerId !== undefined ? input.ownerId : actorUserId(cx.actor),
      consentSmsService: consents.smsService ?? true,
      consentSmsMarketing: consents.smsMarketing ?? false,
      consentEmailService: consents.emailService ?? true,
      consentEmailMarketing: consents.emailMarketing ?? false,
      consentsUpdatedAt: input.consents ? cx.now : null,
      createdBy: actorUserId(cx.actor),
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  const mainPhones = input.phones ?? [];
  await insertPhones(
    cx,
    customer.id,
    mainPhones.map((p, i) => ({ ...p, primary: p.primary ?? i === 0 })),
    null,
    'phones',
  );
  for (const [i, c] of (input.contacts ?? []).entries()) {
    const contact = await CustomerContact.create(
      {
        id: newId(),
        customerId: customer.id,
        name: c.name,
        searchName: nameKey(c.name),
        role: c.role ?? null,
        email: c.email ?? null,
        notes: c.notes ?? null,
        createdAt: cx.now,
        updatedAt: cx.now,
      },
      { transaction: cx.tx },
    );
    await insertPhones(cx, customer.id, c.phones ?? [], contact.id, `contacts.${i}.phones`);
  }
  for (const v of input.vehicles ?? []) {
    await insertVehicle(cx, { ...v, customerId: customer.id });
  }
  await recordAudit(cx, {
    action: 'customer.created',
    entityType: 'customer',
    entityId: customer.id,
    after: { name: customer.name, kind: customer.kind, phones, vins, forced: input.force ?? false },
  });
  cx.emit({ type: 'customer.created', customerId: customer.id });
  return customer;
}
