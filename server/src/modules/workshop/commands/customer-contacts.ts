import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { CustomerContact, CustomerPhone } from '../models/index.ts';
import { nameKey } from '../rules/search-key.ts';
import type { ContactInput } from '../workshop.schemas.ts';
import { insertPhones } from './create-customer.ts';
import { lockCustomer } from './update-customer.ts';

export async function addContact(
  cx: CommandContext,
  customerId: string,
  input: ContactInput,
): Promise<CustomerContact> {
  await lockCustomer(cx, customerId);
  const contact = await CustomerContact.create(
    {
      id: newId(),
      customerId,
      name: input.name,
      searchName: nameKey(input.name),
      role: input.role ?? null,
      email: input.email ?? null,
      notes: input.notes ?? null,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await insertPhones(cx, customerId, input.phones ?? [], contact.id, 'phones');
  await recordAudit(cx, {
    action: 'customer.contact_added',
    entityType: 'customer',
    entityId: customerId,
    after: { contactId: contact.id, name: contact.name },
  });
  return contact;
}

async function lockContact(
  cx: CommandContext,
  customerId: string,
  contactId: string,
): Promise<CustomerContact> {
  await lockCustomer(cx, customerId);
  const contact = await CustomerContact.findOne({ where: { id: contactId, customerId }, transaction: cx.tx });
  if (!contact) throw notFound('Contact person');
  return contact;
}

export async function updateContact(
  cx: CommandContext,
  customerId: string,
  contactId: string,
  input: Partial<ContactInput>,
): Promise<CustomerContact> {
  const contact = await lockContact(cx, customerId, contactId);
  const before = { name: contact.name, role: contact.role, email: contact.email };
  for (const key of ['name', 'role', 'email', 'notes'] as const) {
    if (input[key] !== undefined) contact.set(key, input[key]);
  }
  contact.searchName = nameKey(contact.name);
  contact.updatedAt = cx.now;
  await contact.save({ transaction: cx.tx });
  if (input.phones) {
    await CustomerPhone.destroy({ where: { contactId }, transaction: cx.tx });
    await insertPhones(cx, customerId, input.phones, contactId, 'phones');
  }
  await recordAudit(cx, {
    action: 'customer.contact_updated',
    entityType: 'customer',
    entityId: customerId,
    before,
    after: { contactId, name: contact.name, role: contact.role, email: contact.email },
  });
  return contact;
}

export async function removeContact(
  cx: CommandContext,
  customerId: string,
  contactId: string,
): Promise<void> {
  const contact = await lockContact(cx, customerId, contactId);
  await CustomerPhone.destroy({ where: { contactId }, transaction: cx.tx });
  await contact.destroy({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'customer.contact_removed',
    entityType: 'customer',
    entityId: customerId,
    before: { contactId, name: contact.name },
  });
}
