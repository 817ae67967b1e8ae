import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId, newToken } from '../../../platform/ids.ts';
import { actorUserId } from '../../workshop/actor.ts';
import { createCustomer } from '../../workshop/commands/create-customer.ts';
import { createVehicle } from '../../workshop/commands/create-vehicle.ts';
import { displayPlate, plateKey, plateProblem } from '../../workshop/rules/plate.ts';
import { assertCustomerVisible, ownScope } from '../crm.policy.ts';
import { execute, select, selectOne } from '../db.ts';
import type { LeadFormFields } from '../rules/lead-form.ts';
import { createDeal } from './deals.ts';
import { resolveSource, type DealRow } from './deal-support.ts';
import { createRuleTask } from './tasks.ts';

export interface LeadRow {
  id: string;
  source: 'website' | 'phone' | 'walk_in' | 'missed_call' | 'other';
  status: 'new' | 'converted' | 'dismissed';
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  message: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  plate: string | null;
  channel_id: string | null;
  campaign_id: string | null;
  customer_id: string | null;
  deal_id: string | null;
  received_at: Date;
  deleted_at: Date | null;
}

/** Customers that have the phone number (not merged away). */
export async function customersByPhone(
  cx: Pick<CommandContext, 'sequelize'> & { tx?: CommandContext['tx'] | null },
  e164: string,
): Promise<Array<{ id: string; name: string; owner_id: string | null }>> {
  return select(
    cx,
    `SELECT DISTINCT c.id, c.name, c.owner_id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
      WHERE p.e164 = :e164 AND c.merged_into_id IS NULL ORDER BY c.name LIMIT 10`,
    { e164 },
  );
}

interface NewLead {
  source: LeadRow['source'];
  formId?: string | null;
  name?: string | null;
  phoneE164?: string | null;
  phoneRaw?: string | null;
  email?: string | null;
  message?: string | null;
  vehicleMake?: string | null;
  vehicleModel?: string | null;
  plate?: string | null;
  channelId?: string | null;
  campaignId?: string | null;
  callId?: string | null;
  clientIp?: string | null;
  utm?: Record<string, string> | null;
}

const TASK_TRIGGER: Partial<Record<LeadRow['source'], string>> = {
  website: 'lead.website',
  phone: 'lead.phone',
  walk_in: 'lead.walk_in',
};

async function insertLead(cx: CommandContext, lead: NewLead): Promise<{ id: string; taskId: string | null }> {
  const id = newId();
  const source = await resolveSource(cx, lead.channelId, lead.campaignId);
  const matches = lead.phoneE164 ? await customersByPhone(cx, lead.phoneE164) : [];
  const customer = matches.length === 1 ? matches[0]! : null;
  await execute(
    cx,
    `INSERT INTO leads (id, source, form_id, status, name, phone_e164, phone_raw, email, message, vehicle_make, vehicle_model, plate,
                        channel_id, campaign_id, customer_id, call_id, received_at, client_ip, utm)
     VALUES (:id, :source, :formId, 'new', :name, :phoneE164, :phoneRaw, :email, :message, :vehicleMake, :vehicleModel, :plate,
             :channelId, :campaignId, :customerId, :callId, :now, :clientIp, :utm)`,
    {
      id,
      source: lead.source,
      formId: lead.formId ?? null,
      name: lead.name ?? null,
      phoneE164: lead.phoneE164 ?? null,
      phoneRaw: lead.phoneRaw ?? null,
      email: lead.email ?? null,
      message: lead.message ?? null,
      vehicleMake: lead.vehicleMake ?? null,
      vehicleModel: lead.vehicleModel ?? null,
      plate: lead.plate ?? null,
      ...source,
      customerId: customer?.id ?? null,
      callId: lead.callId ?? null,
      now: cx.now,
      clientIp: lead.clientIp ?? null,
      utm: lead.utm && Object.keys(lead.utm).length ? JSON.stringify(lead.utm) : null,
    },
  );
  const trigger = TASK_TRIGGER[lead.source];
  const taskId = trigger
    ? await createRuleTask(cx, trigger, {
        leadId: id,
        customerId: customer?.id ?? null,
        preferredAssignees: [customer?.owner_id],
      })
    : null;
  await recordAudit(cx, {
    action: 'lead.received',
    entityType: 'lead',
    entityId: id,
    after: {
      source: lead.source,
      name: lead.name ?? null,
      phone: lead.phoneE164 ?? null,
      customerId: customer?.id ?? null,
    },
  });
  cx.emit({ type: 'crm.lead.received', leadId: id, source: lead.source, taskId });
  return { id, taskId };
}

export interface LeadFormRow {
  id: string;
  name: string;
  key: string;
  allowed_origins: string[];
  channel_id: string | null;
  campaign_id: string | null;
  active: boolean;
}

/** A request from the website form (the public endpoint has checked the key, the honeypot and the rate). */
export async function receiveWebsiteLead(
  cx: CommandContext,
  form: LeadFormRow,
  fields: LeadFormFields & { phoneE164: string | null },
  meta: { clientIp: string | null },
) {
  return insertLead(cx, {
    source: 'website',
    formId: form.id,
    name: fields.name,
    phoneE164: fields.phoneE164,
    phoneRaw: fields.phone,
    email: fields.email,
    message: fields.message,
    vehicleMake: fields.make,
    vehicleModel: fields.model,
    plate: fields.plate,
    channelId: form.channel_id,
    campaignId: form.campaign_id,
    clientIp: meta.clientIp,
    utm: fields.utm,
  });
}

export async function createLead(
  cx: CommandContext,
  input: {
    source: 'phone' | 'walk_in' | 'website' | 'other';
    name?: string | null;
    phone?: string | null;
    email?: string | null;
    message?: string | null;
    vehicleMake?: string | null;
    vehicleModel?: string | null;
    plate?: string | null;
    channelId?: string | null;
    campaignId?: string | null;
  },
) {
  if (!input.name && !input.phone && !input.email)
    throw badRequest('phone: a lead needs a name, a phone or an e-mail', 'phone');
  return insertLead(cx, { ...input, phoneE164: input.phone ?? null, phoneRaw: input.phone ?? null });
}

async function lockLead(cx: CommandContext, id: string): Promise<LeadRow> {
  const lead = await selectOne<LeadRow>(cx, `SELECT * FROM leads WHERE id = :id FOR UPDATE`, { id });
  if (!lead || lead.deleted_at) throw notFound('Lead');
  return lead;
}

/**
 * Turns a lead into a deal. The customer is the one given, else the only customer with the lead's
 * phone, else a new one made by the workshop's createCustomer (which refuses duplicates by phone with
 * a 409 naming them unless `force`); several customers with the phone are a 409 to choose from. The
 * car is the one given, else the customer's car with the lead's plate, else a new one when the lead
 * names a make, model or plate. The lead's open tasks move to the deal.
 */
export async function convertLead(
  cx: CommandContext,
  id: string,
  input: {
    customerId?: string;
    vehicleId?: string;
    createCustomer: boolean;
    title?: string;
    ownerId?: string | null;
    expectedMinor?: number;
    jobKind?: string | null;
    force: boolean;
  },
): Promise<{ deal: DealRow; customerId: string | null; vehicleId: string | null; customerCreated: boolean }> {
  const lead = await lockLead(cx, id);
  if (lead.status !== 'new') throw conflict(`The lead is ${lead.status} already`, { dealId: lead.deal_id });
  let customerId: string | null = input.customerId ?? null;
  let customerCreated = false;
  if (customerId) {
    const customer = await selectOne<{ owner_id: string | null }>(
      cx,
      `SELECT owner_id FROM customers WHERE id = :customerId`,
      {
        customerId,
      },
    );
    if (!customer) throw badRequest('customerId: no such customer', 'customerId');
    assertCustomerVisible(cx.actor, customer);
  } else if (lead.phone_e164 && !input.force) {
    const matches = await customersByPhone(cx, lead.phone_e164);
    if (matches.length > 1)
      throw conflict('Several customers have this phone; choose one with customerId', {
        duplicates: matches.map((m) => ({ id: m.id, name: m.name })),
      });
    if (matches.length === 1) {
      assertCustomerVisible(cx.actor, matches[0]!);
      customerId = matches[0]!.id;
    }
  }
  if (!customerId && input.createCustomer) {
    const created = await createCustomer(cx, {
      kind: 'individual',
      name: lead.name ?? lead.phone_e164 ?? lead.email ?? 'Website request',
      email: lead.email ?? null,
      phones: lead.phone_e164 ? [{ number: lead.phone_e164 }] : [],
      ownerId: ownScope(cx.actor) ?? input.ownerId ?? actorUserId(cx.actor),
      force: input.force,
    } as Parameters<typeof createCustomer>[1]);
    customerId = created.id;
    customerCreated = true;
  }
  let vehicleId: string | null = input.vehicleId ?? null;
  if (vehicleId) {
    const vehicle = await selectOne<{ customer_id: string | null }>(
      cx,
      `SELECT customer_id FROM vehicles WHERE id = :vehicleId`,
      {
        vehicleId,
      },
    );
    if (!vehicle || vehicle.customer_id !== customerId)
      throw badRequest('vehicleId: not a vehicle of the customer', 'vehicleId');
  } else if (customerId && (lead.plate || lead.vehicle_make || lead.vehicle_model)) {
    const key = lead.plate && !plateProblem(lead.plate) ? plateKey(lead.plate) : null;
    const same = await selectOne<{ id: string }>(
      cx,
      `SELECT id FROM vehicles WHERE customer_id = :customerId
         AND ((:key::text IS NOT NULL AND plate_key = :key)
              OR (:key::text IS NULL AND lower(coalesce(make, '')) = lower(:make) AND lower(coalesce(model, '')) = lower(:model)))
       ORDER BY created_at DESC LIMIT 1`,
      { customerId, key, make: lead.vehicle_make ?? '', model: lead.vehicle_model ?? '' },
    );
    if (same) vehicleId = same.id;
    else {
      const vehicle = await createVehicle(cx, {
        customerId,
        make: lead.vehicle_make ?? null,
        model: lead.vehicle_model ?? null,
        plate: lead.plate && !plateProblem(lead.plate) ? displayPlate(lead.plate) : null,
        force: false,
      } as Parameters<typeof createVehicle>[1]);
      vehicleId = vehicle.id;
    }
  }
  const title =
    input.title ??
    ([lead.vehicle_make, lead.vehicle_model].filter(Boolean).join(' ') ||
      lead.message?.slice(0, 80) ||
      `Request from ${lead.name ?? 'a customer'}`);
  const deal = await createDeal(cx, {
    title,
    customerId,
    vehicleId,
    ownerId: input.ownerId,
    channelId: lead.channel_id,
    campaignId: lead.campaign_id,
    expectedMinor: input.expectedMinor,
    jobKind: input.jobKind ?? null,
    leadId: lead.id,
  });
  await execute(
    cx,
    `UPDATE leads SET status = 'converted', deal_id = :dealId, customer_id = :customerId, processed_at = :now, processed_by = :by WHERE id = :id`,
    { id, dealId: deal.id, customerId, now: cx.now, by: actorUserId(cx.actor) },
  );
  await execute(
    cx,
    `UPDATE crm_tasks SET deal_id = :dealId, customer_id = coalesce(customer_id, :customerId), vehicle_id = coalesce(vehicle_id, :vehicleId), updated_at = :now
      WHERE lead_id = :id AND status = 'open' AND deleted_at IS NULL`,
    { id, dealId: deal.id, customerId, vehicleId, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'lead.converted',
    entityType: 'lead',
    entityId: id,
    after: { dealId: deal.id, customerId, vehicleId, customerCreated },
  });
  cx.emit({ type: 'crm.lead.converted', leadId: id, dealId: deal.id });
  return { deal, customerId, vehicleId, customerCreated };
}

export async function dismissLead(cx: CommandContext, id: string, reason: string): Promise<void> {
  const lead = await lockLead(cx, id);
  if (lead.status !== 'new') throw conflict(`The lead is ${lead.status} already`);
  await execute(
    cx,
    `UPDATE leads SET status = 'dismissed', dismiss_reason = :reason, processed_at = :now, processed_by = :by WHERE id = :id`,
    { id, reason, now: cx.now, by: actorUserId(cx.actor) },
  );
  await execute(
    cx,
    `UPDATE crm_tasks SET status = 'cancelled', outcome = :outcome, completed_at = :now, completed_by = :by, updated_at = :now
      WHERE lead_id = :id AND status = 'open' AND deleted_at IS NULL`,
    { id, outcome: `lead dismissed: ${reason}`, now: cx.now, by: actorUserId(cx.actor) },
  );
  await recordAudit(cx, { action: 'lead.dismissed', entityType: 'lead', entityId: id, after: { reason } });
  cx.emit({ type: 'crm.lead.dismissed', leadId: id });
}

export async function deleteLead(cx: CommandContext, id: string, reason: string): Promise<void> {
  const lead = await lockLead(cx, id);
  await execute(
    cx,
    `UPDATE leads SET deleted_at = :now, deleted_reason = :reason, deleted_by = :by WHERE id = :id`,
    {
      id,
      reason,
      now: cx.now,
      by: actorUserId(cx.actor),
    },
  );
  await recordAudit(cx, {
    action: 'lead.deleted',
    entityType: 'lead',
    entityId: id,
    before: { source: lead.source, status: lead.status, name: lead.name, phone: lead.phone_e164 },
    after: { reason },
  });
}

export async function createLeadForm(
  cx: CommandContext,
  input: { name: string; allowedOrigins: string[]; channelId?: string | null; campaignId?: string | null },
): Promise<LeadFormRow> {
  const source = await resolveSource(cx, input.channelId, input.campaignId);
  const id = newId();
  const key = newToken().slice(0, 32);
  const origins = input.allowedOrigins.map((o) => new URL(o).origin);
  await execute(
    cx,
    `INSERT INTO lead_forms (id, name, key, allowed_origins, channel_id, campaign_id, created_at)
     VALUES (:id, :name, :key, ARRAY(SELECT jsonb_array_elements_text(:origins::jsonb)), :channelId, :campaignId, :now)`,
    { id, name: input.name, key, origins: JSON.stringify(origins), ...source, now: cx.now },
  );
  await recordAudit(cx, {
    action: 'lead_form.created',
    entityType: 'lead_form',
    entityId: id,
    after: { name: input.name, origins },
  });
  return (await selectOne<LeadFormRow>(cx, `SELECT * FROM lead_forms WHERE id = :id`, { id }))!;
}
