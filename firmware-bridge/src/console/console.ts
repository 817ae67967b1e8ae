import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { BridgeController } from '../controller/controller.ts';
import { SimulatedReader } from '../readers/simulated-reader.ts';
import { SimulatedSensor } from '../sensors/simulated-sensor.ts';
import { CONSOLE_HELP, parseConsoleCommand, type ConsoleCommand } from './console-commands.ts';

/** Runs one console command against the controller's simulated devices; returns the reply. */
export function runConsoleCommand(controller: BridgeController, command: ConsoleCommand): string | null {
  switch (command.type) {
    case 'none':
      return null;
    case 'invalid':
      return command.message;
    case 'help':
      return CONSOLE_HELP;
    case 'status':
      return JSON.stringify(controller.status());
    case 'tap': {
      const reader = controller.readers.get(command.readerId);
      if (!(reader instanceof SimulatedReader)) return `no simulated reader "${command.readerId}"`;
      reader.tap(command.uid);
      return null;
    }
    case 'reader': {
      const reader = controller.readers.get(command.readerId);
      if (!(reader instanceof SimulatedReader)) return `no simulated reader "${command.readerId}"`;
      reader.setAttached(command.attached);
      return null;
    }
    case 'sensor': {
      const sensor = controller.sensors.get(command.sensorId);
      if (!(sensor instanceof SimulatedSensor) || sensor.kind !== command.kind)
        return `no simulated ${command.kind} sensor "${command.sensorId}"`;
      sensor.set(command.state);
      return null;
    }
  }
}

/** Reads commands from a stream (stdin) until it ends; replies go to `write`. */
export function attachConsole(
  controller: BridgeController,
  input: Readable,
  write: (line: string) => void,
): () => void {
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    try {
      const reply = runConsoleCommand(controller, parseConsoleCommand(line));
      if (reply) write(reply);
    } catch (err) {
      write((err as Error).message);
    }
  });
  return () => lines.close();
}
