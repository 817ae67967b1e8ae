import Router from '@koa/router';
import type { Context } from 'koa';
import type { Transaction } from 'sequelize';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { createCustomer } from '../commands/create-customer.ts';
import { addContact, removeContact, updateContact } from '../commands/customer-contacts.ts';
import { mergeCustomers } from '../commands/merge-customers.ts';
import { setConsents, updateCustomer } from '../commands/update-customer.ts';
import { Customer } from '../models/index.ts';
import { getCustomerDto } from '../queries/customers.ts';
import { customerCard, historySection } from '../queries/history.ts';
import { searchCustomers } from '../queries/search.ts';
import { assertCustomerAccess, ownScopeUserId } from '../workshop.policy.ts';
import {
  contactParams,
  historyQuery,
  historySectionParams,
  idParam,
  mergeBody,
  searchCustomersQuery,
  workshopSchemas,
} from '../workshop.schemas.ts';

/** Loads a customer the signed-in user may see (404 / 403 otherwise). */
async function visibleCustomer(
  ctx: Context,
  id: string,
  options: { transaction?: Transaction } = {},
): Promise<Customer> {
  const customer = await Customer.findByPk(id, options);
  if (!customer) throw notFound('Customer');
  assertCustomerAccess(userOf(ctx), customer);
  return customer;
}

export function customerRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/customers' });
  const schemas = workshopSchemas(deps.config.station.phoneRegion);

  router.get('/', permit('customers.read'), async (ctx) => {
    const q = parse(searchCustomersQuery, ctx.query);
    ctx.body = await searchCustomers(deps.sequelize, { ...q, ownerId: ownScopeUserId(userOf(ctx)) });
  });

  router.post('/', permit('customers.write'), async (ctx) => {
    const input = parse(schemas.createCustomer, ctx.request.body);
    const customer = await runCommand(deps, ctx, (cx) => createCustomer(cx, input));
    ctx.status = 201;
    ctx.body = await getCustomerDto(customer.id);
  });

  router.post('/merge', permit('customers.merge'), async (ctx) => {
    const input = parse(mergeBody, ctx.request.body);
    const result = await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, input.targetId, { transaction: cx.tx });
      await visibleCustomer(ctx, input.sourceId, { transaction: cx.tx });
      return mergeCustomers(cx, input);
    });
    ctx.body = { customer: await getCustomerDto(result.target.id), moved: result.moved };
  });

  router.get('/:id', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleCustomer(ctx, id);
    ctx.body = await getCustomerDto(id);
  });

  router.patch('/:id', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(schemas.updateCustomer, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, id, { transaction: cx.tx });
      return updateCustomer(cx, id, input);
    });
    ctx.body = await getCustomerDto(id);
  });

  router.put('/:id/consents', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(schemas.consents, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, id, { transaction: cx.tx });
      return setConsents(cx, id, input);
    });
    ctx.body = await getCustomerDto(id);
  });

  router.post('/:id/contacts', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(schemas.contact, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, id, { transaction: cx.tx });
      return addContact(cx, id, input);
    });
    ctx.status = 201;
    ctx.body = await getCustomerDto(id);
  });

  router.patch('/:id/contacts/:contactId', permit('customers.write'), async (ctx) => {
    const { id, contactId } = parse(contactParams, ctx.params);
    const input = parse(schemas.updateContact, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, id, { transaction: cx.tx });
      return updateContact(cx, id, contactId, input);
    });
    ctx.body = await getCustomerDto(id);
  });

  router.delete('/:id/contacts/:contactId', permit('customers.write'), async (ctx) => {
    const { id, contactId } = parse(contactParams, ctx.params);
    await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, id, { transaction: cx.tx });
      return removeContact(cx, id, contactId);
    });
    ctx.body = await getCustomerDto(id);
  });

  router.get('/:id/card', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const page = parse(historyQuery, ctx.query);
    await visibleCustomer(ctx, id);
    ctx.body = await customerCard(deps.sequelize, id, page);
  });

  router.get('/:id/history/:section', permit('customers.read'), async (ctx) => {
    const { id, section } = parse(historySectionParams, ctx.params);
    const page = parse(historyQuery, ctx.query);
    await visibleCustomer(ctx, id);
    ctx.body = await historySection(deps.sequelize, { customerId: id }, section, page);
  });

  return router;
}
