import { describe, expect, it } from 'vitest';
import {
  decodePdu,
  deliveryOutcome,
  encodeAddress,
  encodeDeliver,
  encodeStatusReport,
  encodeSubmit,
  packSeptets,
  relativeValidity,
  unpackSeptets,
} from '../../../server/src/modules/notifications/rules/pdu.ts';
import { toGsm7Septets } from '../../../server/src/modules/notifications/rules/gsm-charset.ts';

// Known-good PDUs: the published vectors of the python-gsmmodem test suite and GSM 03.40 examples.
const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.Ut enim ad minim veniam, quinostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.Duis aute irure dolor in reprehenderit in voluptate velit esse cillum doloe eu fugiat nulla pariatur.Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum';

describe('SMS-SUBMIT encoding', () => {
  it('encodes a GSM-7 message without validity period', () => {
    const [pdu] = encodeSubmit({ to: '+27820001111', text: 'Hello World!' });
    expect(pdu!.hex).toBe('0001000B917228001011F100000CC8329BFD065DDF72363904');
    expect(pdu!.tpduLength).toBe(pdu!.hex.length / 2 - 1);
  });

  it('encodes UCS-2 with an SMSC and a relative validity period of 52 weeks', () => {
    const [pdu] = encodeSubmit({
      to: '+123456789',
      text: '世界您好！',
      smsc: '+44000000000',
      validityMinutes: 52 * 7 * 1440,
    });
    expect(pdu!.hex).toBe('07914400000000F01100099121436587F90008F40A4E16754C60A8597DFF01');
    expect(pdu!.tpduLength).toBe(pdu!.hex.length / 2 - 8);
  });

  it('encodes a long GSM-7 text as three concatenated parts with a UDH and fill bit', () => {
    const pdus = encodeSubmit({
      to: '+15125551234',
      text: LOREM,
      rejectDuplicates: true,
      concatReference: 0,
    });
    expect(pdus.map((p) => p.hex)).toEqual([
      '0045000B915121551532F40000A0050003000301986F79B90D4AC3E7F53688FC66BFE5A0799A0E0AB7CB741668FC76CFCB637A995E9783C2E4343C3D4F8FD3EE33A8CC4ED359A079990C22BF41E5747DDE7E9341F4721BFE9683D2EE719A9C26D7DD74509D0E6287C56F791954A683C86FF65B5E06B5C36777181466A7E3F5B0AB4A0795DDE936284C06B5D3EE741B642FBBD3E1360B14AFA7DD',
      '0045000B915121551532F40000A0050003000302DE73BABC4E0695F165F9384D0FD3D36F37A8CE6687DBE337881D16BFE5E939C89D9EA741753A28CC4EC7EB6938A88C0795C3A0F1BBDD7E93DFA0F1DB3D2FC7EB61BA8B584FCF41E13ABD0C4ACBEBF23288FC66BFE5A0B41B242FC3E56574D94D2ECBD37450DA0DB2BFD975383D4C2F83EC65769A0E2ACFE765D038CD66D7DB20F29BFD2E83CA',
      '0045000B915121551532F400008C050003000303EA2073FD9C0ED341EE3A9B1D06C1C3F274985E97BB8AF871194E2FD7E5A079DA4D07BDC7E370791CA683C675789A1CA687E920F7DB0D82CBDF6972D94D6781E675371D947683C675363C0C8AD7D3A0B7D99C1EA7C32072795E96D7DD7450FBCD66A7E9A0B03BDD06A5C9A0F29C0E6287C56F79BD0D',
    ]);
    expect(pdus.map((p) => [p.part, p.parts])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('asks for a status report with TP-SRR', () => {
    const [pdu] = encodeSubmit({ to: '+79161234567', text: 'Hi', requestStatusReport: true });
    expect(pdu!.hex.slice(2, 4)).toBe('21');
    expect(decodePdu(pdu!.hex)).toMatchObject({ type: 'submit', statusReportRequested: true, text: 'Hi' });
  });

  it('sends Cyrillic as UCS-2 in parts of 67 characters that decode back to the text', () => {
    const text = 'Ваш автомобиль готов. '.repeat(8).trim();
    const pdus = encodeSubmit({ to: '+79161234567', text, concatReference: 42 });
    expect(pdus).toHaveLength(3);
    const decoded = pdus.map((p) => decodePdu(p.hex));
    for (const [i, d] of decoded.entries()) {
      expect(d).toMatchObject({
        type: 'submit',
        to: '+79161234567',
        encoding: 'UCS-2',
        concat: { reference: 42, total: 3, sequence: i + 1 },
      });
    }
    expect(decoded.map((d) => (d.type === 'submit' ? d.text : '')).join('')).toBe(text);
    expect(pdus[0]!.tpduLength).toBe(13 + 6 + 67 * 2);
  });

  it('keeps the extension table through a multipart round trip', () => {
    const text = `Price: 100€ {net} [VAT] ${'x'.repeat(150)}`;
    const parts = encodeSubmit({ to: '+4915112345678', text }).map((p) => decodePdu(p.hex));
    expect(parts.map((p) => (p.type === 'submit' ? p.text : '')).join('')).toBe(text);
  });

  it('refuses an empty text and a number that is not one', () => {
    expect(() => encodeSubmit({ to: '+79161234567', text: '' })).toThrow(/needs a text/);
    expect(() => encodeSubmit({ to: 'call me', text: 'x' })).toThrow(/not a phone number/);
  });
});

describe('PDU building blocks', () => {
  it.each([
    ['+27820001111', '0B917228001011F1'],
    ['+9876543210', '0A918967452301'],
    ['+987654321', '099189674523F1'],
    ['0129998765', '0A811092997856'],
  ])('address %s → %s', (number, hex) => {
    expect(Buffer.from(encodeAddress(number)).toString('hex').toUpperCase()).toBe(hex);
  });

  it.each([
    [30, 5],
    [16 * 60, 151],
    [3 * 1440, 169],
    [5 * 7 * 1440, 197],
    [12 * 60, 143],
  ])('relative validity of %i minutes is %i', (minutes, vp) => {
    expect(relativeValidity(minutes)).toBe(vp);
  });

  it('packs and unpacks septets with and without fill bits', () => {
    const septets = toGsm7Septets('hellohello');
    expect(packSeptets(septets).toString('hex').toUpperCase()).toBe('E8329BFD4697D9EC37');
    for (const fill of [0, 1, 3, 6])
      expect(unpackSeptets(packSeptets(septets, fill), septets.length, fill)).toEqual(septets);
  });

  it.each([
    [0x00, 'delivered'],
    [0x01, 'delivered'],
    [0x20, 'pending'],
    [0x3f, 'pending'],
    [0x40, 'failed'],
    [0x45, 'failed'],
    [0x62, 'failed'],
  ])('status 0x%s is %s', (status, outcome) => {
    expect(deliveryOutcome(status)).toBe(outcome);
  });
});

describe('PDU decoding', () => {
  it('reads an SMS-DELIVER in GSM-7 with its sender and time', () => {
    expect(decodePdu('06917228195339040B917228214365F700003130805120618005D4F29C2E03')).toEqual({
      type: 'deliver',
      smsc: '+2782913593',
      from: '+27821234567',
      text: 'Test2',
      sentAt: new Date('2013-03-08T13:02:16Z'),
      concat: null,
    });
  });

  it('reads a longer SMS-DELIVER with a time zone east of UTC', () => {
    const pdu = decodePdu(
      '07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88FE06C9CB6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E',
    );
    expect(pdu).toMatchObject({
      type: 'deliver',
      smsc: '+85290000000',
      from: '+85291234567',
      text: 'It is easy to read text messages via AT commands.',
      sentAt: new Date('2007-04-12T15:25:42Z'),
    });
  });

  it('reads extension characters and accents', () => {
    expect(decodePdu('06917228195339040B917228214365F70000313062315352800A800D8A5E98D337A910')).toMatchObject(
      {
        from: '+27821234567',
        text: '@{tést}!',
      },
    );
  });

  it('reads a concatenated SMS-DELIVER from an alphanumeric sender', () => {
    const pdu = decodePdu(
      '0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20',
    );
    expect(pdu).toMatchObject({
      type: 'deliver',
      from: '2781188',
      text: 'Hello!You have R 19.50 FREE airtime available. R 19.50 will expire on 01/07/2013. ',
      concat: { reference: 0xc3, total: 1, sequence: 1 },
    });
  });

  it('reads a UCS-2 SMS-SUBMIT', () => {
    expect(decodePdu('07914346466554F601000B914316565811F9000806304253F68449')).toMatchObject({
      type: 'submit',
      smsc: '+34646456456',
      to: '+34616585119',
      text: 'あ叶葉',
      encoding: 'UCS-2',
    });
  });

  it('reads an SMS-STATUS-REPORT (+CDS)', () => {
    expect(decodePdu('0006D60B911326880736F4111011719551401110117195714000')).toMatchObject({
      type: 'status-report',
      reference: 214,
      recipient: '+31628870634',
      status: 0,
      outcome: 'delivered',
    });
  });

  it('reads back what the emulator sends: a status report and a Cyrillic reply', () => {
    const at = new Date('2026-05-01T10:00:00Z');
    const report = encodeStatusReport({ reference: 17, recipient: '+79161234567', status: 0x46, at });
    expect(decodePdu(report.hex)).toMatchObject({
      type: 'status-report',
      reference: 17,
      recipient: '+79161234567',
      outcome: 'failed',
      dischargedAt: at,
    });
    const reply = encodeDeliver({ from: '+79161234567', text: 'СТОП', at });
    expect(decodePdu(reply.hex)).toMatchObject({
      type: 'deliver',
      from: '+79161234567',
      text: 'СТОП',
      sentAt: at,
    });
  });

  it('refuses what is not a PDU', () => {
    expect(() => decodePdu('AFSDSDF LJJFKLDJKLFJ')).toThrow(/hex/);
    expect(() => decodePdu('0043010C910661345542F60008A0050003000301306F3044')).toThrow(/message type 3/);
  });
});
