import Router from '@koa/router';
import type { BridgeSecretDto } from '../../../contracts/shopfloor.ts';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { permit } from '../../identity/index.ts';
import { bindDevice, unbindDevice } from '../commands/bindings.ts';
import { registerBridge, revokeBridge, rotateBridgeSecret, updateBridge } from '../commands/bridges.ts';
import {
  bindBody,
  bindingParams,
  bridgeIdParam,
  registerBridgeBody,
  rejectedQuery,
  updateBridgeBody,
} from '../iot.schemas.ts';
import { getBridge, listBridgeEvents, listBridges, listRejected } from '../queries/bridges.ts';

export function bridgeRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/bridges' });
  const now = () => deps.clock.now();
  const secretDto = (id: string, secret: string): BridgeSecretDto => ({
    bridgeId: id,
    secret,
    mqtt: { port: deps.config.mqtt.port, clientId: id, username: id },
  });

  router.get('/', permit('bridges.manage'), async (ctx) => {
    ctx.body = await listBridges(deps.sequelize, now());
  });

  router.post('/', permit('bridges.manage'), async (ctx) => {
    const input = parse(registerBridgeBody, ctx.request.body);
    const { id, secret } = await runCommand(deps, ctx, (cx) => registerBridge(cx, input));
    ctx.status = 201;
    ctx.body = { bridge: await getBridge(deps.sequelize, id, now()), ...secretDto(id, secret) };
  });

  router.get('/:id', permit('bridges.manage'), async (ctx) => {
    ctx.body = await getBridge(deps.sequelize, parse(bridgeIdParam, ctx.params).id, now());
  });

  router.patch('/:id', permit('bridges.manage'), async (ctx) => {
    const { id } = parse(bridgeIdParam, ctx.params);
    const input = parse(updateBridgeBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => updateBridge(cx, id, input));
    ctx.body = await getBridge(deps.sequelize, id, now());
  });

  router.post('/:id/secret', permit('bridges.manage'), async (ctx) => {
    const { id } = parse(bridgeIdParam, ctx.params);
    const { secret } = await runCommand(deps, ctx, (cx) => rotateBridgeSecret(cx, id));
    ctx.body = secretDto(id, secret);
  });

  router.delete('/:id', permit('bridges.manage'), async (ctx) => {
    const { id } = parse(bridgeIdParam, ctx.params);
    await runCommand(deps, ctx, (cx) => revokeBridge(cx, id));
    ctx.body = await getBridge(deps.sequelize, id, now());
  });

  router.put('/:id/bindings/:deviceId', permit('bridges.manage'), async (ctx) => {
    const { id, deviceId } = parse(bindingParams, ctx.params);
    const input = parse(bindBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => bindDevice(cx, { bridgeId: id, deviceId, ...input }));
    ctx.body = await getBridge(deps.sequelize, id, now());
  });

  router.delete('/:id/bindings/:deviceId', permit('bridges.manage'), async (ctx) => {
    const { id, deviceId } = parse(bindingParams, ctx.params);
    await runCommand(deps, ctx, (cx) => unbindDevice(cx, { bridgeId: id, deviceId }));
    ctx.body = await getBridge(deps.sequelize, id, now());
  });

  router.get('/:id/rejected', permit('bridges.manage'), async (ctx) => {
    const { id } = parse(bridgeIdParam, ctx.params);
    await getBridge(deps.sequelize, id, now());
    ctx.body = await listRejected(deps.sequelize, id, parse(rejectedQuery, ctx.query));
  });

  router.get('/:id/events', permit('bridges.manage'), async (ctx) => {
    const { id } = parse(bridgeIdParam, ctx.params);
    await getBridge(deps.sequelize, id, now());
    ctx.body = await listBridgeEvents(deps.sequelize, id, parse(rejectedQuery, ctx.query));
  });

  return router;
}
