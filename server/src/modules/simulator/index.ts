import type { AppDeps } from '../../deps.ts';
import { localBrokerUrl } from './bridges.ts';
import { ShopfloorSimulator } from './runner.ts';

export { ShopfloorSimulator, type SimulatorOptions, type SimulatorStats } from './runner.ts';

/**
 * Starts the simulated shop floor of the demo station (PITWALL_DEMO and PITWALL_SIMULATE) against the
 * station's own broker, on the port it actually listens on. Never throws: a simulator that cannot
 * start is logged and the station runs without it.
 */
export async function startShopfloorSimulator(
  deps: AppDeps,
  broker: { port: number },
): Promise<ShopfloorSimulator | null> {
  const { config } = deps;
  const logger = deps.logger.child({ component: 'simulator' });
  try {
    return await ShopfloorSimulator.start(deps, {
      speed: config.simulation.speed,
      seed: config.simulation.seed,
      brokerUrl: localBrokerUrl(config.mqtt.host, broker.port),
      dataDir: config.dataDir,
      logger,
    });
  } catch (err) {
    logger.error({ err }, 'the simulated shop floor could not start; the station runs without it');
    return null;
  }
}
