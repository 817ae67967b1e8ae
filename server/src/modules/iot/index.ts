import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { bridgeRoutes } from './routes/bridges.routes.ts';

export { MqttBroker, type PublishHandler } from './broker/mqtt-broker.ts';
export { authenticateBridge } from './queries/authenticate-bridge.ts';
export { ShopfloorIngest, type StoredEventsListener } from './ingest/shopfloor-ingest.ts';
export type { StoredEvent } from './ingest/event-store.ts';
export { tapFeedbackListener, type TapOutcome, type TapOutcomeResolver } from './ingest/tap-feedback.ts';
export { basicTapResolver } from './ingest/basic-tap-resolver.ts';
export { correctedTime } from './rules/clock-correction.ts';

export function iotRoutes(deps: AppDeps): Router {
  const router = new Router();
  const bridges = bridgeRoutes(deps);
  router.use(bridges.routes(), bridges.allowedMethods());
  return router;
}
