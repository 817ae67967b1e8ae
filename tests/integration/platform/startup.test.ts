import { mkdtempSync, rmSync, existsSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { createSequelize } from '../../../server/src/platform/db/sequelize.ts';
import { migrate } from '../../../server/src/platform/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { freePort } from '../../support/postgres.ts';
import { killAllServers, spawnServer } from '../../support/server-process.ts';

let database: TestDatabase;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pitwall-startup-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  killAllServers();
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serverEnv(extra: Record<string, string> = {}) {
  return {
    PITWALL_DATABASE_URL: database.url,
    PITWALL_DATA_DIR: tempDir(),
    PITWALL_HTTP_HOST: '127.0.0.1',
    PITWALL_HTTP_PORT: String(await freePort()),
    PITWALL_MQTT_HOST: '127.0.0.1',
    PITWALL_MQTT_PORT: String(await freePort()),
    PITWALL_DEMO: '0',
    ...extra,
  };
}

describe('start-up', () => {
  it('a wrong setting stops the start with a message naming the variable', async () => {
    const server = spawnServer({
      ...(await serverEnv()),
      PITWALL_HTTP_PORT: 'eighty',
      PITWALL_TIMEZONE: 'Mars/Olympus',
    });
    expect(await server.exited()).toBe(2);
    expect(server.output()).toContain('PITWALL_HTTP_PORT');
    expect(server.output()).toContain('PITWALL_TIMEZONE');
  });

  it('an HTTP port in use gives a clear message naming PITWALL_HTTP_PORT', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const server = spawnServer(await serverEnv({ PITWALL_HTTP_PORT: String(port) }));
      expect(await server.exited()).toBe(1);
      expect(server.output()).toContain(`The HTTP port ${port} is already in use. Set PITWALL_HTTP_PORT`);
    } finally {
      blocker.close();
    }
  });

  it('an MQTT port in use names PITWALL_MQTT_PORT', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const server = spawnServer(await serverEnv({ PITWALL_MQTT_PORT: String(port) }));
      expect(await server.exited()).toBe(1);
      expect(server.output()).toContain('PITWALL_MQTT_PORT');
    } finally {
      blocker.close();
    }
  });

  it('SIGTERM during a request lets it finish, then the server stops cleanly', async () => {
    const env = await serverEnv();
    const server = spawnServer(env);
    await server.waitFor('is running');
    const socket = net.connect(Number(env.PITWALL_HTTP_PORT), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d) => (response += d.toString()));
    const body = JSON.stringify({ login: 'nobody', password: 'whatever-it-is' });
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await new Promise<void>((resolve) => socket.once('end', () => resolve()));
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    expect(response).toContain('invalid_credentials');
    expect(await server.exited()).toBe(0);
    expect(server.output()).toContain('stopped cleanly');
  });

  it('runs on the embedded PostgreSQL, refuses a second server on the same data directory, and releases it on stop', async () => {
    const dataDir = tempDir();
    const env = await serverEnv({
      PITWALL_EMBEDDED_DB_PORT: String(await freePort()),
      PITWALL_DATA_DIR: dataDir,
      PITWALL_DEMO: '1',
    });
    delete (env as Record<string, string>).PITWALL_DATABASE_URL;
    const first = spawnServer(env);
    const banner = await first.waitFor('is running', 90_000);
    expect(banner).toContain('embedded PostgreSQL');
    expect(banner).toContain('pitwall-demo');
    const ready = await fetch(`http://127.0.0.1:${env.PITWALL_HTTP_PORT}/api/ready`);
    expect(ready.status).toBe(200);

    const second = spawnServer({
      ...env,
      PITWALL_HTTP_PORT: String(await freePort()),
      PITWALL_MQTT_PORT: String(await freePort()),
    });
    expect(await second.exited()).toBe(1);
    expect(second.output()).toContain('Another Pitwall server');
    expect(second.output()).toContain('PITWALL_DATA_DIR');

    first.kill('SIGINT');
    expect(await first.exited()).toBe(0);
    expect(existsSync(path.join(dataDir, 'pitwall.pid'))).toBe(false);

    // Restart on the same data: no new demo seed, data kept.
    const again = spawnServer(env);
    const out = await again.waitFor('is running', 90_000);
    expect(out).not.toContain('seeded just now');
    const login = await fetch(`http://127.0.0.1:${env.PITWALL_HTTP_PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'owner', password: 'pitwall-demo' }),
    });
    expect(login.status).toBe(200);
    again.kill('SIGTERM');
    expect(await again.exited()).toBe(0);
  }, 240_000);

  it('migrations are idempotent', async () => {
    const logger = createLogger('silent');
    const sequelize = createSequelize(database.url, 2, logger);
    try {
      expect(await migrate(database.url, sequelize, logger)).toEqual([]);
      expect(await migrate(database.url, sequelize, logger)).toEqual([]);
    } finally {
      await sequelize.close();
    }
  });
});
