import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../server/src/modules/crm/pbx/ami-client.ts';
import type { PbxCallReport } from '../../../server/src/modules/crm/pbx/ami-parser.ts';

const transcript = readFileSync(
  path.join(import.meta.dirname, '../../unit/crm/fixtures/ami-inbound-answered.txt'),
  'utf8',
)
  .replace(/\r?\n/g, '\r\n')
  .replace(
    /^Asterisk Call Manager[^\r\n]*\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n/,
    '',
  );

/** A fake Asterisk manager on a local port: greets, checks the login, then plays the transcript. */
function fakeAmi(options: { secret: string; dropFirst?: boolean }) {
  const logins: string[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    const mine = connections;
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!buffer.includes('\r\n\r\n')) return;
      const action = buffer;
      buffer = '';
      if (!/Action: Login/.test(action)) return;
      logins.push(action);
      if (!action.includes(`Secret: ${options.secret}`)) {
        socket.write('Response: Error\r\nActionID: pitwall-login\r\nMessage: Authentication failed\r\n\r\n');
        return;
      }
      socket.write(
        'Response: Success\r\nActionID: pitwall-login\r\nMessage: Authentication accepted\r\n\r\n',
      );
      if (options.dropFirst && mine === 1) {
        socket.destroy();
        return;
      }
      // Sent in small pieces, as TCP may deliver it.
      for (let i = 0; i < transcript.length; i += 50) socket.write(transcript.slice(i, i + 50));
    });
  });
  return {
    logins,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the AMI TCP client', () => {
  it('logs in, follows the calls of the event stream and reports them, reconnecting after a dropped connection', async () => {
    const server = fakeAmi({ secret: 's3cret', dropFirst: true });
    const port = await server.listen();
    cleanup.push(server.close);
    const calls: PbxCallReport[] = [];
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'pitwall',
      secret: 's3cret',
      timezone: 'Europe/Moscow',
      retryMs: 50,
      onCall: (r) => void calls.push(r),
    });
    client.start();
    cleanup.push(() => client.stop());
    await until(() => calls.length === 2);
    expect(server.logins).toHaveLength(2);
    expect(server.logins[0]).toMatch(/Username: pitwall\r\nSecret: s3cret/);
    expect(calls.map((c) => [c.externalId, c.status, c.extension])).toEqual([
      ['1773126000.18', 'answered', '101'],
      ['1773126000.18', 'answered', '101'],
    ]);
    expect(calls[1]!.recording).toMatch(/\.wav$/);
    expect(client.isLoggedIn()).toBe(true);
  });

  it('reports a refused login and keeps trying', async () => {
    const server = fakeAmi({ secret: 'right' });
    const port = await server.listen();
    cleanup.push(server.close);
    const errors: string[] = [];
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'pitwall',
      secret: 'wrong',
      timezone: 'UTC',
      retryMs: 30,
      onCall: () => undefined,
      onError: (e) => void errors.push(e.message),
    });
    client.start();
    cleanup.push(() => client.stop());
    await until(() => server.logins.length >= 2);
    expect(errors[0]).toMatch(/AMI login refused: Authentication failed/);
    expect(client.isLoggedIn()).toBe(false);
  });
});
