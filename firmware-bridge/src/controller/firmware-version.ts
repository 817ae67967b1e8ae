import { readFileSync } from 'node:fs';

/** The bridge's version (firmware-bridge/package.json), reported as `fw` in its status. */
export const FIRMWARE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
