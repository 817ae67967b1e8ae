/** The simulation console's commands, one per line of stdin. Pure parsing. */
export type ConsoleCommand =
  | { type: 'tap'; readerId: string; uid: string }
  | { type: 'sensor'; kind: 'lift' | 'bay'; sensorId: string; state: string }
  | { type: 'reader'; readerId: string; attached: boolean }
  | { type: 'status' }
  | { type: 'help' }
  | { type: 'none' }
  | { type: 'invalid'; message: string };

export const CONSOLE_HELP = [
  'tap <reader> <uid>            a card on a simulated reader, e.g. tap r1 04A1B2C3D4E501',
  'lift <sensor> raised|lowered  a simulated lift sensor',
  'bay <sensor> occupied|free    a simulated bay sensor',
  'unplug <reader> / plug <reader>  a simulated reader disappears / comes back',
  'status                        print the status the bridge publishes',
].join('\n');

export function parseConsoleCommand(line: string): ConsoleCommand {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [verb, ...args] = words;
  if (!verb || verb.startsWith('#')) return { type: 'none' };
  switch (verb.toLowerCase()) {
    case 'tap':
      if (args.length !== 2) return { type: 'invalid', message: 'usage: tap <reader> <uid>' };
      return { type: 'tap', readerId: args[0]!, uid: args[1]! };
    case 'lift':
    case 'bay':
      if (args.length !== 2) return { type: 'invalid', message: `usage: ${verb} <sensor> <state>` };
      return {
        type: 'sensor',
        kind: verb.toLowerCase() as 'lift' | 'bay',
        sensorId: args[0]!,
        state: args[1]!.toLowerCase(),
      };
    case 'plug':
    case 'unplug':
      if (args.length !== 1) return { type: 'invalid', message: `usage: ${verb} <reader>` };
      return { type: 'reader', readerId: args[0]!, attached: verb.toLowerCase() === 'plug' };
    case 'status':
      return { type: 'status' };
    case 'help':
    case '?':
      return { type: 'help' };
    default:
      return { type: 'invalid', message: `unknown command "${verb}" (try help)` };
  }
}
