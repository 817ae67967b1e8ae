import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './platform/logger.ts';
import { startStation } from './station.ts';
import { startupBanner } from './startup-banner.ts';

/** `npm start`: boots the station and shuts it down cleanly on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  let station;
  try {
    station = await startStation(config, logger);
  } catch (err) {
    console.error(`Pitwall could not start: ${(err as Error).message}`);
    logger.debug({ err }, 'start-up failed');
    process.exit(1);
  }
  console.log(startupBanner(station, Date.now() - started));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: Pitwall is shutting down…`);
    station
      .stop()
      .then(() => {
        console.log('Pitwall stopped cleanly.');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
