import { describe, expect, it } from 'vitest';
import {
  AtError,
  AtSession,
  type Unsolicited,
} from '../../../server/src/modules/notifications/delivery/modem/at-session.ts';
import { classifyModemError } from '../../../server/src/modules/notifications/delivery/modem/modem-errors.ts';

function session() {
  const written: string[] = [];
  const notices: Unsolicited[] = [];
  const at = new AtSession(
    (data) => written.push(data),
    (event) => notices.push(event),
  );
  return { at, written, notices };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AT command session', () => {
  it('collects information lines until OK, skipping the echo, whatever the chunking', async () => {
    const { at, written } = session();
    const answer = at.run('AT+CSQ');
    await tick();
    expect(written).toEqual(['AT+CSQ\r']);
    for (const chunk of ['AT+C', 'SQ\r\r\n+CS', 'Q: 21,99\r', '\n\r\nO', 'K\r\n']) at.feed(chunk);
    expect(await answer).toEqual(['+CSQ: 21,99']);
  });

  it('rejects with the CMS or CME code', async () => {
    const { at } = session();
    const cms = at.run('AT+CMGS=20');
    await tick();
    at.feed('\r\n+CMS ERROR: 21\r\n');
    await expect(cms).rejects.toMatchObject({ cms: 21, cme: null });
    const cme = at.run('AT+CPIN?');
    await tick();
    at.feed('\r\n+CME ERROR: 10\r\n');
    await expect(cme).rejects.toMatchObject({ cme: 10 });
  });

  it('answers the "> " prompt with the PDU and Ctrl-Z', async () => {
    const { at, written } = session();
    const sent = at.runWithPrompt('AT+CMGS=18', '0011AB');
    await tick();
    at.feed('\r\n> ');
    expect(written).toEqual(['AT+CMGS=18\r', '0011AB\u001a']);
    at.feed('\r\n+CMGS: 7\r\n\r\nOK\r\n');
    expect(await sent).toEqual(['+CMGS: 7']);
  });

  it('hands over a delivery report and a new-message notice arriving in the middle of a command', async () => {
    const { at, notices } = session();
    const answer = at.run('AT+CREG?');
    await tick();
    at.feed(
      '\r\n+CDS: 26\r\n0006D60B911326880736F4111011719551401110117195714000\r\n+CREG: 0,1\r\n+CMTI: "SM",3\r\nOK\r\n',
    );
    expect(await answer).toEqual(['+CREG: 0,1']);
    expect(notices).toEqual([
      { type: 'cds', pdu: '0006D60B911326880736F4111011719551401110117195714000' },
      { type: 'cmti', storage: 'SM', index: 3 },
    ]);
  });

  it('runs commands one at a time', async () => {
    const { at, written } = session();
    const first = at.run('ATE0');
    const second = at.run('AT+CMGF=0');
    await tick();
    expect(written).toEqual(['ATE0\r']);
    at.feed('OK\r\n');
    await first;
    await tick();
    expect(written).toEqual(['ATE0\r', 'AT+CMGF=0\r']);
    at.feed('OK\r\n');
    await expect(second).resolves.toEqual([]);
  });

  it('times out, and cancels a prompt with ESC', async () => {
    const { at, written } = session();
    await expect(at.runWithPrompt('AT+CMGS=9', '00', 20)).rejects.toMatchObject({ timedOut: true });
    expect(written.at(-1)).toBe('\u001b');
  });

  it('fails what is in flight and what follows once the port is gone', async () => {
    const { at } = session();
    const pending = at.run('AT');
    await tick();
    at.close(new Error('the modem port closed'));
    await expect(pending).rejects.toThrow('the modem port closed');
    await expect(at.run('AT')).rejects.toThrow('the modem port closed');
  });
});

describe('what a modem error means for the queue', () => {
  it.each([
    ['+CMS ERROR: 310', 'unavailable', 'no_sim'],
    ['+CME ERROR: 10', 'unavailable', 'no_sim'],
    ['+CMS ERROR: 311', 'unavailable', 'sim_pin'],
    ['+CMS ERROR: 331', 'unavailable', 'no_network'],
    ['+CMS ERROR: 21', 'unavailable', 'out_of_credit'],
    ['+CMS ERROR: 1', 'permanent', null],
    ['+CMS ERROR: 304', 'permanent', null],
    ['+CMS ERROR: 500', 'transient', null],
    ['ERROR', 'transient', null],
  ])('%s → %s', (line, kind, state) => {
    const cms = /CMS ERROR: (\d+)/.exec(line);
    const cme = /CME ERROR: (\d+)/.exec(line);
    const error = classifyModemError(
      new AtError('AT+CMGS=20', line, cme ? Number(cme[1]) : null, cms ? Number(cms[1]) : null),
    );
    expect(error.kind).toBe(kind);
    expect(error.state).toBe(state);
  });

  it('no answer means the modem is not responding', () => {
    expect(classifyModemError(new AtError('AT', 'timeout'))).toMatchObject({
      kind: 'unavailable',
      state: 'not_responding',
    });
  });
});
