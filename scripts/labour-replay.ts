/**
 * npm run labour:replay -- <scenario.json> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--daily] [--details]
 * npm run labour:replay -- --schema        (prints the scenario file's JSON Schema)
 *
 * Runs the labour engine on a scenario file and prints the figures as JSON. The file format is
 * server/src/modules/timeclock/engine/SCENARIO.md.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScenario, scenarioJsonSchema } from '../server/src/modules/timeclock/engine/index.ts';
import { replay } from '../server/src/modules/timeclock/engine/replay.ts';
import { isLocalDate } from '../server/src/modules/timeclock/engine/tz.ts';

const usage =
  'usage: npm run labour:replay -- <scenario.json> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--daily] [--details]\n' +
  '       npm run labour:replay -- --schema';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    daily: { type: 'boolean', default: false },
    details: { type: 'boolean', default: false },
    schema: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.schema) {
  console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
  process.exit(0);
}
if (positionals.length !== 1) fail(usage);
for (const flag of ['from', 'to'] as const) {
  const v = values[flag];
  if (v !== undefined && !isLocalDate(v)) fail(`--${flag} must be a date YYYY-MM-DD, got ${v}`);
}
if (values.from && values.to && values.from > values.to)
  fail(`--from ${values.from} is after --to ${values.to}`);

const file = positionals[0]!;
let json: unknown;
try {
  json = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`${file}: ${(error as Error).message}`);
}
const parsed = parseScenario(json);
if (!parsed.ok) fail(`${file} is not a valid scenario:\n${parsed.error}`);

const output = replay(parsed.scenario, {
  from: values.from,
  to: values.to,
  daily: values.daily,
  details: values.details,
});
console.log(JSON.stringify(output, null, 2));
