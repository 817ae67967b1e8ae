/**
 * The bridge program: `npm start -w firmware-bridge` or `node --import tsx firmware-bridge/src/cli/main.ts`.
 * Options: --config <file.json> (else PITWALL_BRIDGE_CONFIG, else /etc/pitwall-bridge/config.json
 * if present), --console (read simulation commands from stdin; on by default when a device is simulated).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load-config.ts';
import { readConfig } from '../config/read-config.ts';
import { attachConsole } from '../console/console.ts';
import { CONSOLE_HELP } from '../console/console-commands.ts';
import { BridgeController } from '../controller/controller.ts';
import { createBridgeLogger } from '../logger.ts';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    console: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (args.help) {
  console.log(`Pitwall lift bridge

  PITWALL_BRIDGE_ID=lift-1 PITWALL_BRIDGE_SECRET=… PITWALL_BRIDGE_SERVER_URL=mqtt://station:1883 \\
  PITWALL_BRIDGE_READERS=r1:pcsc:ACR122 PITWALL_BRIDGE_SENSORS=s1:lift:gpio:17 npm start -w firmware-bridge

Options: --config <file.json>, --console. See firmware-bridge/README.md for every setting.

Console commands (simulated devices):
${CONSOLE_HELP}`);
  process.exit(0);
}

let loaded;
try {
  loaded = readConfig(process.env, args.config);
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `Cannot read the configuration: ${(err as Error).message}`,
  );
  process.exit(2);
}
const { config, path } = loaded;
const logger = createBridgeLogger(config.logLevel, config.bridgeId);
if (path) logger.info({ path }, 'configuration file read');

const controller = new BridgeController({ config, logger });
try {
  await controller.start();
} catch (err) {
  logger.fatal({ err }, 'the bridge cannot start');
  process.exit(1);
}

const simulated =
  config.readers.some((r) => r.driver === 'simulated') ||
  config.sensors.some((s) => s.driver === 'simulated');
if (args.console || config.console || simulated) {
  attachConsole(controller, process.stdin, (line) => console.log(line));
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.warn('second signal: exiting at once');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'stopping');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    await controller.stop();
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
