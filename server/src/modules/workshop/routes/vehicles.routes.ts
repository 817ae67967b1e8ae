import Router from '@koa/router';
import type { Context } from 'koa';
import type { Transaction } from 'sequelize';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/identity.policy.ts';
import { createVehicle } from '../commands/create-vehicle.ts';
import { recordMileage } from '../commands/record-mileage.ts';
import { transferVehicle, updateVehicle } from '../commands/update-vehicle.ts';
import { Customer, Vehicle } from '../models/index.ts';
import { historySection, vehicleCard } from '../queries/history.ts';
import { mileageHistory, ownershipHistory, searchVehicles, vehicleDto } from '../queries/vehicles.ts';
import { assertCustomerAccess, ownScopeUserId } from '../workshop.policy.ts';
import {
  historyQuery,
  historySectionParams,
  idParam,
  mileageBody,
  searchVehiclesQuery,
  transferBody,
  workshopSchemas,
} from '../workshop.schemas.ts';

/** A vehicle is visible to whoever may see its current owner. */
async function visibleVehicle(ctx: Context, id: string, tx?: Transaction): Promise<Vehicle> {
  const vehicle = await Vehicle.findByPk(id, { transaction: tx });
  if (!vehicle) throw notFound('Vehicle');
  if (vehicle.customerId) {
    const owner = await Customer.findByPk(vehicle.customerId, {
      transaction: tx,
      attributes: ['id', 'ownerId'],
    });
    if (owner) assertCustomerAccess(userOf(ctx), owner);
  }
  return vehicle;
}

async function visibleCustomer(ctx: Context, id: string, tx?: Transaction): Promise<Customer> {
  const customer = await Customer.findByPk(id, { transaction: tx });
  if (!customer) throw notFound('Customer');
  assertCustomerAccess(userOf(ctx), customer);
  return customer;
}

export function vehicleRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/vehicles' });
  const schemas = workshopSchemas(deps.config.station.phoneRegion);

  router.get('/', permit('customers.read'), async (ctx) => {
    const q = parse(searchVehiclesQuery, ctx.query);
    ctx.body = await searchVehicles(deps.sequelize, { ...q, ownerId: ownScopeUserId(userOf(ctx)) });
  });

  router.post('/', permit('customers.write'), async (ctx) => {
    const input = parse(schemas.createVehicle, ctx.request.body);
    const vehicle = await runCommand(deps, ctx, async (cx) => {
      await visibleCustomer(ctx, input.customerId, cx.tx);
      return createVehicle(cx, input);
    });
    ctx.status = 201;
    ctx.body = await vehicleDto(vehicle);
  });

  router.get('/:id', permit('customers.read'), async (ctx) => {
    ctx.body = await vehicleDto(await visibleVehicle(ctx, parse(idParam, ctx.params).id));
  });

  router.patch('/:id', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(schemas.updateVehicle, ctx.request.body);
    const vehicle = await runCommand(deps, ctx, async (cx) => {
      await visibleVehicle(ctx, id, cx.tx);
      return updateVehicle(cx, id, input);
    });
    ctx.body = await vehicleDto(vehicle);
  });

  router.get('/:id/mileage', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleVehicle(ctx, id);
    ctx.body = await mileageHistory(id);
  });

  router.post('/:id/mileage', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(mileageBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      await visibleVehicle(ctx, id, cx.tx);
      return recordMileage(cx, { vehicleId: id, ...input });
    });
    ctx.status = 201;
    ctx.body = await mileageHistory(id);
  });

  router.get('/:id/owners', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await visibleVehicle(ctx, id);
    ctx.body = await ownershipHistory(deps.sequelize, id);
  });

  router.post('/:id/owner', permit('customers.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(transferBody, ctx.request.body);
    const vehicle = await runCommand(deps, ctx, async (cx) => {
      await visibleVehicle(ctx, id, cx.tx);
      await visibleCustomer(ctx, input.customerId, cx.tx);
      return transferVehicle(cx, { vehicleId: id, customerId: input.customerId });
    });
    ctx.body = await vehicleDto(vehicle);
  });

  router.get('/:id/card', permit('customers.read'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const page = parse(historyQuery, ctx.query);
    await visibleVehicle(ctx, id);
    ctx.body = await vehicleCard(deps.sequelize, id, page);
  });

  router.get('/:id/history/:section', permit('customers.read'), async (ctx) => {
    const { id, section } = parse(historySectionParams, ctx.params);
    const page = parse(historyQuery, ctx.query);
    await visibleVehicle(ctx, id);
    ctx.body = await historySection(deps.sequelize, { vehicleId: id }, section, page);
  });

  return router;
}
