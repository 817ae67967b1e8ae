import os from 'node:os';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../db/seeds/demo/index.ts';
import type { RunningStation } from './station.ts';

function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return 'localhost';
}

/** What `npm start` prints: where the desk, the board and the lift kiosks are, and how to sign in. */
export function startupBanner(station: RunningStation, startedInMs: number): string {
  const host = station.config.http.host === '0.0.0.0' ? lanAddress() : station.config.http.host;
  const base = `http://${host}:${station.httpPort}`;
  const lines = [
    '',
    `Pitwall ${station.deps.version} is running (started in ${(startedInMs / 1000).toFixed(1)} s)`,
    `  Desk (advisors, managers):  ${base}/`,
    `  Bay board (wall screen):    ${base}/board`,
    `  Lift kiosk (at each lift):  ${base}/lift`,
    `  MQTT broker for bridges:    mqtt://${host}:${station.mqttPort}`,
    `  Database:                   ${station.db.embedded ? `embedded PostgreSQL, data in ${station.config.dataDir}` : 'external PostgreSQL (PITWALL_DATABASE_URL)'}`,
  ];
  if (station.config.demo) {
    lines.push(
      '',
      `Demo station${station.demoSeeded ? ' (seeded just now)' : ''}. Sign in on the desk with password "${DEMO_PASSWORD}" as:`,
      ...DEMO_LOGINS.map((l) => `  ${l.login.padEnd(12)} ${l.role}`),
      'Kiosks are paired from the desk: Devices → Add, then type the code on the board or lift screen.',
    );
  }
  return lines.join('\n') + '\n';
}
