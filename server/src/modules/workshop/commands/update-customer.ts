import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { Customer, CustomerPhone } from '../models/index.ts';
import { nameKey } from '../rules/search-key.ts';
import type { ConsentsInput, UpdateCustomerInput } from '../workshop.schemas.ts';
import { checkOwnerChoice, insertPhones } from './create-customer.ts';

/** Loads a customer for a change: locked, and refused when it was merged into another record. */
export async function lockCustomer(cx: CommandContext, customerId: string): Promise<Customer> {
  const customer = await Customer.findByPk(customerId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!customer) throw notFound('Customer');
  if (customer.mergedIntoId)
    throw conflict('This customer was merged into another record', { mergedIntoId: customer.mergedIntoId });
  return customer;
}

const snapshot = (c: Customer) => ({
  kind: c.kind,
  name: c.name,
  email: c.email,
  taxId: c.taxId,
  legalAddress: c.legalAddress,
  notes: c.notes,
  ownerId: c.ownerId,
});

/** Changes the customer's fields; `phones` replaces the customer's own numbers (contacts keep theirs). */
export async function updateCustomer(
  cx: CommandContext,
  customerId: string,
  input: UpdateCustomerInput,
): Promise<Customer> {
  const customer = await lockCustomer(cx, customerId);
  checkOwnerChoice(cx, input.ownerId);
  const before = snapshot(customer);
  for (const key of ['kind', 'name', 'email', 'taxId', 'legalAddress', 'notes', 'ownerId'] as const) {
    if (input[key] !== undefined) customer.set(key, input[key]);
  }
  customer.searchName = nameKey(customer.name);
  customer.updatedAt = cx.now;
  await customer.save({ transaction: cx.tx });
  let phones: string[] | undefined;
  if (input.phones) {
    await CustomerPhone.destroy({ where: { customerId, contactId: null }, transaction: cx.tx });
    await insertPhones(
      cx,
      customerId,
      input.phones.map((p, i) => ({ ...p, primary: p.primary ?? i === 0 })),
      null,
      'phones',
    );
    phones = input.phones.map((p) => p.number);
  }
  await recordAudit(cx, {
    action: 'customer.updated',
    entityType: 'customer',
    entityId: customerId,
    before,
    after: { ...snapshot(customer), ...(phones ? { phones } : {}) },
  });
  cx.emit({ type: 'customer.updated', customerId });
  return customer;
}

/** Consents per channel and purpose; every change is audited (who, when, what). */
export async function setConsents(
  cx: CommandContext,
  customerId: string,
  input: ConsentsInput,
): Promise<Customer> {
  const customer = await lockCustomer(cx, customerId);
  const read = (c: Customer) => ({
    smsService: c.consentSmsService,
    smsMarketing: c.consentSmsMarketing,
    emailService: c.consentEmailService,
    emailMarketing: c.consentEmailMarketing,
  });
  const before = read(customer);
  if (input.smsService !== undefined) customer.consentSmsService = input.smsService;
  if (input.smsMarketing !== undefined) customer.consentSmsMarketing = input.smsMarketing;
  if (input.emailService !== undefined) customer.consentEmailService = input.emailService;
  if (input.emailMarketing !== undefined) customer.consentEmailMarketing = input.emailMarketing;
  customer.consentsUpdatedAt = cx.now;
  customer.updatedAt = cx.now;
  await customer.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'customer.consents_changed',
    entityType: 'customer',
    entityId: customerId,
    before,
    after: read(customer),
  });
  cx.emit({ type: 'customer.consents_changed', customerId, consents: read(customer) });
  return customer;
}
