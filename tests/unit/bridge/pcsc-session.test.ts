import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  PcscSession,
  type NfcLike,
  type NfcReaderLike,
} from '../../../firmware-bridge/src/readers/pcsc/pcsc-session.ts';
import type { FromWorker } from '../../../firmware-bridge/src/readers/pcsc/worker-protocol.ts';

/** A stand-in for nfc-pcsc's Reader: records APDUs, answers Get Data with a UID. */
class FakeReader extends EventEmitter implements NfcReaderLike {
  autoProcessing = true;
  card: unknown = null;
  connection: unknown = null;
  readonly sent: { via: string; apdu: string }[] = [];
  failControl = false;
  constructor(readonly name: string) {
    super();
  }
  async transmit(data: Buffer): Promise<Buffer> {
    this.sent.push({ via: 'transmit', apdu: data.toString('hex') });
    if (data[1] === 0xca) return Buffer.from([0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x90, 0x00]);
    return Buffer.from([0x90, 0x00]);
  }
  async control(data: Buffer): Promise<Buffer> {
    this.sent.push({ via: 'control', apdu: data.toString('hex') });
    if (this.failControl) throw new Error('SCardControl: escape not allowed');
    return Buffer.from([0x90, 0x00]);
  }
  async connect(mode?: string): Promise<unknown> {
    this.sent.push({ via: 'connect', apdu: mode ?? '' });
    this.connection = {};
    return {};
  }
  async disconnect(): Promise<unknown> {
    this.connection = null;
    return true;
  }
}

class FakeNfc extends EventEmitter implements NfcLike {
  close(): void {}
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(match?: string) {
  const nfc = new FakeNfc();
  const messages: FromWorker[] = [];
  const unavailable: string[] = [];
  const session = new PcscSession(
    nfc,
    match,
    (m) => messages.push(m),
    () => new Date('2026-11-22T08:00:00.000Z'),
    (m) => unavailable.push(m),
  );
  return { nfc, messages, session, unavailable };
}

describe('PC/SC session (worker logic with a fake nfc-pcsc)', () => {
  it('binds the first matching reader and reads each card UID with Get Data, upper-case', async () => {
    const { nfc, messages } = setup('acr122');
    const other = new FakeReader('Yubico YubiKey CCID');
    const reader = new FakeReader('ACS ACR122U PICC Interface 00');
    nfc.emit('reader', other);
    nfc.emit('reader', reader);
    expect(reader.autoProcessing).toBe(false);
    expect(messages).toContainEqual({ type: 'ready', name: 'ACS ACR122U PICC Interface 00' });
    reader.emit('card', { atr: Buffer.from([0x3b]) });
    await tick();
    expect(messages).toContainEqual({ type: 'card', uid: '04A1B2C3D4E5F6', at: '2026-11-22T08:00:00.000Z' });
    expect(reader.sent.some((s) => s.via === 'transmit' && s.apdu === 'ffca000000')).toBe(true);
  });

  it('turns off the ACR122U detection beep on attach (best effort)', async () => {
    const { nfc } = setup();
    const reader = new FakeReader('ACS ACR122U PICC Interface 00');
    nfc.emit('reader', reader);
    await tick();
    expect(reader.sent).toContainEqual({ via: 'control', apdu: 'ff00520000' });
  });

  it('reports unplugging and binds again when the reader comes back', async () => {
    const { nfc, messages, session } = setup('ACR122');
    const reader = new FakeReader('ACS ACR122U PICC Interface 00');
    nfc.emit('reader', reader);
    reader.emit('end');
    expect(messages).toContainEqual({ type: 'removed', name: 'ACS ACR122U PICC Interface 00' });
    expect(session.boundReader).toBeNull();
    nfc.emit('reader', new FakeReader('ACS ACR122U PICC Interface 00'));
    expect(session.boundReader).toBe('ACS ACR122U PICC Interface 00');
  });

  it('says waiting when no reader matches', () => {
    const { nfc, messages, session } = setup('ACR1252');
    nfc.emit('reader', new FakeReader('ACS ACR122U PICC Interface 00'));
    session.reportWaiting();
    expect(messages.at(-1)).toEqual({ type: 'waiting', readers: ['ACS ACR122U PICC Interface 00'] });
  });

  it('gives feedback through the card connection when a card is present, else a direct connection', async () => {
    const { nfc, session } = setup();
    const reader = new FakeReader('ACS ACR122U PICC Interface 00');
    nfc.emit('reader', reader);
    await tick();
    reader.card = {};
    reader.connection = {};
    await session.feedback('accepted');
    expect(reader.sent.at(-1)).toEqual({ via: 'transmit', apdu: 'ff00402e0401000101' });
    reader.card = null;
    reader.connection = null;
    await session.feedback('rejected');
    expect(reader.sent.slice(-2)).toEqual([
      { via: 'connect', apdu: 'CONNECT_MODE_DIRECT' },
      { via: 'control', apdu: 'ff00405d0402010301' },
    ]);
    expect(reader.connection).toBeNull();
  });

  it('does not crash when the reader refuses the escape command, and only logs for other readers', async () => {
    const { nfc, session, messages } = setup();
    const reader = new FakeReader('ACS ACR122U PICC Interface 00');
    reader.failControl = true;
    nfc.emit('reader', reader);
    await expect(session.feedback('rejected')).resolves.toBeUndefined();
    expect(messages.some((m) => m.type === 'log' && m.msg.includes('not supported'))).toBe(true);

    const second = setup();
    const plain = new FakeReader('Generic CCID Reader');
    second.nfc.emit('reader', plain);
    await second.session.feedback('accepted');
    expect(plain.sent).toEqual([]);
  });

  it('asks for a restart when pcscd is not there', () => {
    const { nfc, unavailable } = setup();
    nfc.emit('error', new Error('SCardEstablishContext error: Service not available. (0x8010001D)'));
    expect(unavailable).toHaveLength(1);
  });
});
