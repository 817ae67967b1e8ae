import { fromGsm7Septets, toGsm7Septets } from './gsm-charset.ts';
import { splitSms, type SmsEncoding } from './sms-encoding.ts';

/**
 * SMS PDUs (3GPP TS 23.040) as the modem speaks them in PDU mode (AT+CMGF=0): SMS-SUBMIT to send
 * (GSM-7 or UCS-2, concatenated with an 8-bit-reference UDH when long), and SMS-DELIVER and
 * SMS-STATUS-REPORT to read replies and delivery reports. Pure functions on hex strings.
 */

export interface SubmitOptions {
  /** E.164 with "+" (international) or a plain digit string. */
  to: string;
  text: string;
  /** The SMSC number; null/undefined uses the one stored on the SIM ("00"). */
  smsc?: string | null;
  /** Relative validity period in minutes; none leaves it to the network. */
  validityMinutes?: number | null;
  requestStatusReport?: boolean;
  rejectDuplicates?: boolean;
  /** TP-MR; most modems put their own and answer it in +CMGS. */
  messageReference?: number;
  /** Concatenation reference shared by the parts of one long message (0–255). */
  concatReference?: number;
}

export interface SubmitPdu {
  hex: string;
  /** Octets after the SMSC field: the number AT+CMGS=<n> wants. */
  tpduLength: number;
  part: number;
  parts: number;
  encoding: SmsEncoding;
}

export interface Concatenation {
  reference: number;
  total: number;
  sequence: number;
}

export type DecodedPdu =
  | {
      type: 'deliver';
      smsc: string | null;
      from: string;
      text: string;
      sentAt: Date;
      concat: Concatenation | null;
    }
  | {
      type: 'submit';
      smsc: string | null;
      to: string;
      text: string;
      reference: number;
      statusReportRequested: boolean;
      concat: Concatenation | null;
      encoding: SmsEncoding | '8-bit';
    }
  | {
      type: 'status-report';
      smsc: string | null;
      reference: number;
      recipient: string;
      status: number;
      outcome: DeliveryOutcome;
      sentAt: Date;
      dischargedAt: Date;
    };

/** TP-ST: 0x00–0x1F done (delivered), 0x20–0x3F the centre still tries, 0x40 and above it gave up. */
export type DeliveryOutcome = 'delivered' | 'pending' | 'failed';

export function deliveryOutcome(status: number): DeliveryOutcome {
  if (status <= 0x1f) return 'delivered';
  if (status <= 0x3f) return 'pending';
  return 'failed';
}

const toHex = (bytes: readonly number[] | Buffer): string => Buffer.from(bytes).toString('hex').toUpperCase();

/** Septets packed little-endian into octets, after `fillBits` zero bits (used after a UDH). */
export function packSeptets(septets: readonly number[], fillBits = 0): Buffer {
  if (septets.length === 0) return Buffer.alloc(0);
  const bytes: number[] = [];
  let acc = 0;
  let bits = fillBits;
  for (const s of septets) {
    acc |= (s & 0x7f) << bits;
    bits += 7;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes.push(acc & 0xff);
  return Buffer.from(bytes);
}

export function unpackSeptets(octets: Buffer, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let bitPos = fillBits;
  for (let i = 0; i < count; i++) {
    const index = bitPos >> 3;
    const shift = bitPos & 7;
    if (index >= octets.length) break;
    let value = octets[index]! >> shift;
    if (shift > 1) value |= (octets[index + 1] ?? 0) << (8 - shift);
    out.push(value & 0x7f);
    bitPos += 7;
  }
  return out;
}

function semiOctets(digits: string): number[] {
  const padded = digits.length % 2 ? `${digits}F` : digits;
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 2) out.push(parseInt(padded[i + 1]! + padded[i]!, 16));
  return out;
}

function readSemiOctets(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += (b & 0x0f).toString(16) + (b >> 4).toString(16);
  return out.replace(/f+$/i, '').toUpperCase();
}

function addressDigits(number: string): { digits: string; type: number } {
  const international = number.startsWith('+');
  const digits = international ? number.slice(1) : number;
  if (!/^[0-9]{1,20}$/.test(digits)) throw new Error(`not a phone number for an SMS: ${number}`);
  return { digits, type: international ? 0x91 : 0x81 };
}

/** TP-DA / TP-OA / TP-RA: the number of digits, the type of number, the digits as swapped semi-octets. */
export function encodeAddress(number: string): number[] {
  const { digits, type } = addressDigits(number);
  return [digits.length, type, ...semiOctets(digits)];
}

function encodeSmsc(smsc: string | null | undefined): number[] {
  if (!smsc) return [0];
  const { digits, type } = addressDigits(smsc);
  const octets = semiOctets(digits);
  return [octets.length + 1, type, ...octets];
}

function decodeAddressValue(type: number, body: Buffer, length: number): string {
  if ((type & 0x70) === 0x50) {
    return fromGsm7Septets(unpackSeptets(body, Math.floor((length * 4) / 7)));
  }
  const digits = readSemiOctets(body);
  return (type & 0x70) === 0x10 ? `+${digits}` : digits;
}

/** An address field at `offset`; returns the address and the octets it took. */
function readAddress(pdu: Buffer, offset: number): { address: string; size: number } {
  const length = pdu[offset]!;
  const type = pdu[offset + 1]!;
  const octets = Math.ceil(length / 2);
  return {
    address: decodeAddressValue(type, pdu.subarray(offset + 2, offset + 2 + octets), length),
    size: 2 + octets,
  };
}

/** TP-VP in the relative format, rounded up to the next step the format has. */
export function relativeValidity(minutes: number): number {
  if (minutes <= 0) throw new Error('a validity period must be positive');
  if (minutes <= 720) return Math.ceil(minutes / 5) - 1;
  if (minutes <= 1440) return 143 + Math.ceil((minutes - 720) / 30);
  if (minutes <= 30 * 1440) return 166 + Math.ceil(minutes / 1440);
  const weeks = Math.ceil(minutes / 10_080);
  if (weeks > 63) throw new Error('a validity period may be at most 63 weeks');
  return 192 + weeks;
}

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** One SMS-SUBMIT per part; a long text is cut by splitSms and each part carries a concatenation UDH. */
export function encodeSubmit(options: SubmitOptions): SubmitPdu[] {
  const { encoding, parts } = splitSms(options.text);
  if (parts.length === 0) throw new Error('an SMS needs a text');
  if (parts.length > 255) throw new Error('a text longer than 255 parts cannot be sent as one SMS');
  const multipart = parts.length > 1;
  const vp = options.validityMinutes ? relativeValidity(options.validityMinutes) : null;
  const firstOctet =
    0x01 |
    (options.rejectDuplicates ? 0x04 : 0) |
    (vp !== null ? 0x10 : 0) |
    (options.requestStatusReport ? 0x20 : 0) |
    (multipart ? 0x40 : 0);
  const smsc = encodeSmsc(options.smsc);
  return parts.map((part, index) => {
    const udh = multipart
      ? [0x05, 0x00, 0x03, (options.concatReference ?? 0) & 0xff, parts.length, index + 1]
      : [];
    let udl: number;
    let body: number[];
    if (encoding === 'GSM-7') {
      const septets = toGsm7Septets(part);
      const headerBits = udh.length * 8;
      const fill = udh.length ? (7 - (headerBits % 7)) % 7 : 0;
      udl = Math.ceil(headerBits / 7) + septets.length;
      body = [...udh, ...packSeptets(septets, fill)];
    } else {
      const bytes = ucs2(part);
      udl = udh.length + bytes.length;
      body = [...udh, ...bytes];
    }
    const tpdu = [
      firstOctet,
      (options.messageReference ?? 0) & 0xff,
      ...encodeAddress(options.to),
      0x00,
      encoding === 'GSM-7' ? 0x00 : 0x08,
      ...(vp !== null ? [vp] : []),
      udl,
      ...body,
    ];
    return {
      hex: toHex([...smsc, ...tpdu]),
      tpduLength: tpdu.length,
      part: index + 1,
      parts: parts.length,
      encoding,
    };
  });
}

function alphabetOf(dcs: number): SmsEncoding | '8-bit' {
  if ((dcs & 0xc0) === 0x00) {
    const alphabet = (dcs >> 2) & 0x03;
    return alphabet === 2 ? 'UCS-2' : alphabet === 1 ? '8-bit' : 'GSM-7';
  }
  if ((dcs & 0xf0) === 0xf0) return dcs & 0x04 ? '8-bit' : 'GSM-7';
  if ((dcs & 0xf0) === 0xe0) return 'UCS-2';
  return 'GSM-7';
}

function readUserData(
  ud: Buffer,
  udl: number,
  alphabet: SmsEncoding | '8-bit',
  hasHeader: boolean,
): { text: string; concat: Concatenation | null } {
  let headerOctets = 0;
  let concat: Concatenation | null = null;
  if (hasHeader && ud.length > 0) {
    const udhl = ud[0]!;
    headerOctets = udhl + 1;
    let p = 1;
    while (p + 1 < headerOctets) {
      const iei = ud[p]!;
      const len = ud[p + 1]!;
      const data = ud.subarray(p + 2, p + 2 + len);
      if (iei === 0x00 && len === 3) concat = { reference: data[0]!, total: data[1]!, sequence: data[2]! };
      if (iei === 0x08 && len === 4)
        concat = { reference: (data[0]! << 8) | data[1]!, total: data[2]!, sequence: data[3]! };
      p += 2 + len;
    }
  }
  if (alphabet === 'GSM-7') {
    const headerBits = headerOctets * 8;
    const fill = headerOctets ? (7 - (headerBits % 7)) % 7 : 0;
    const count = udl - Math.ceil(headerBits / 7);
    return {
      text: fromGsm7Septets(unpackSeptets(ud.subarray(headerOctets), Math.max(0, count), fill)),
      concat,
    };
  }
  const end = Math.min(udl, ud.length);
  const bytes = Buffer.from(ud.subarray(headerOctets, end));
  if (alphabet === 'UCS-2') {
    const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
    return { text: Buffer.from(even).swap16().toString('utf16le'), concat };
  }
  return { text: bytes.toString('latin1'), concat };
}

function readTimestamp(bytes: Buffer): Date {
  const d = [...bytes.subarray(0, 6)].map((b) => (b & 0x0f) * 10 + (b >> 4));
  const tz = bytes[6] ?? 0;
  const quarters = (tz & 0x07) * 10 + (tz >> 4);
  const sign = tz & 0x08 ? -1 : 1;
  const local = Date.UTC(2000 + d[0]!, d[1]! - 1, d[2]!, d[3]!, d[4]!, d[5]!);
  return new Date(local - sign * quarters * 15 * 60_000);
}

/** Service-centre timestamp in UTC ("+00"), for the emulator's reports and replies. */
export function encodeTimestamp(at: Date): number[] {
  const parts = [
    at.getUTCFullYear() % 100,
    at.getUTCMonth() + 1,
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  ];
  return [...parts.map((n) => ((n % 10) << 4) | Math.floor(n / 10)), 0x00];
}

/** Reads the PDU a modem gives in +CMGR, +CMT or +CDS (with its SMSC field first). */
export function decodePdu(hex: string): DecodedPdu {
  const clean = hex.trim();
  if (!/^([0-9A-Fa-f]{2})+$/.test(clean)) throw new Error('a PDU is an even number of hex digits');
  const pdu = Buffer.from(clean, 'hex');
  let p = 0;
  const smscLength = pdu[p++]!;
  const smsc =
    smscLength > 1
      ? decodeAddressValue(pdu[p]!, pdu.subarray(p + 1, p + smscLength), (smscLength - 1) * 2)
      : null;
  p += smscLength;
  const firstOctet = pdu[p++];
  if (firstOctet === undefined) throw new Error('the PDU is truncated');
  const mti = firstOctet & 0x03;
  if (mti === 0x00) {
    const from = readAddress(pdu, p);
    p += from.size;
    p += 1; // TP-PID
    const dcs = pdu[p++]!;
    const sentAt = readTimestamp(pdu.subarray(p, p + 7));
    p += 7;
    const udl = pdu[p++]!;
    const ud = readUserData(pdu.subarray(p), udl, alphabetOf(dcs), (firstOctet & 0x40) !== 0);
    return { type: 'deliver', smsc, from: from.address, text: ud.text, sentAt, concat: ud.concat };
  }
  if (mti === 0x01) {
    const reference = pdu[p++]!;
    const to = readAddress(pdu, p);
    p += to.size;
    p += 1; // TP-PID
    const dcs = pdu[p++]!;
    const vpf = (firstOctet >> 3) & 0x03;
    p += vpf === 0x02 ? 1 : vpf === 0 ? 0 : 7;
    const udl = pdu[p++]!;
    const encoding = alphabetOf(dcs);
    const ud = readUserData(pdu.subarray(p), udl, encoding, (firstOctet & 0x40) !== 0);
    return {
      type: 'submit',
      smsc,
      to: to.address,
      text: ud.text,
      reference,
      statusReportRequested: (firstOctet & 0x20) !== 0,
      concat: ud.concat,
      encoding,
    };
  }
  if (mti === 0x02) {
    const reference = pdu[p++]!;
    const recipient = readAddress(pdu, p);
    p += recipient.size;
    const sentAt = readTimestamp(pdu.subarray(p, p + 7));
    const dischargedAt = readTimestamp(pdu.subarray(p + 7, p + 14));
    const status = pdu[p + 14];
    if (status === undefined) throw new Error('the status report is truncated');
    return {
      type: 'status-report',
      smsc,
      reference,
      recipient: recipient.address,
      status,
      outcome: deliveryOutcome(status),
      sentAt,
      dischargedAt,
    };
  }
  throw new Error(`not an SMS PDU this station reads (message type ${mti})`);
}

/** SMS-STATUS-REPORT as a modem hands it over in +CDS (what the emulator sends). */
export function encodeStatusReport(input: {
  reference: number;
  recipient: string;
  status: number;
  at: Date;
}): {
  hex: string;
  tpduLength: number;
} {
  const ts = encodeTimestamp(input.at);
  const tpdu = [
    0x06,
    input.reference & 0xff,
    ...encodeAddress(input.recipient),
    ...ts,
    ...ts,
    input.status & 0xff,
  ];
  return { hex: toHex([0x00, ...tpdu]), tpduLength: tpdu.length };
}

/** A single-part SMS-DELIVER (a customer's reply) as a modem stores it (what the emulator sends). */
export function encodeDeliver(input: { from: string; text: string; at: Date }): {
  hex: string;
  tpduLength: number;
} {
  const { encoding, parts } = splitSms(input.text);
  if (parts.length !== 1) throw new Error('the emulator replies with one part');
  const ts = encodeTimestamp(input.at);
  const body =
    encoding === 'GSM-7'
      ? { udl: toGsm7Septets(input.text).length, bytes: [...packSeptets(toGsm7Septets(input.text))] }
      : { udl: ucs2(input.text).length, bytes: [...ucs2(input.text)] };
  const tpdu = [
    0x04,
    ...encodeAddress(input.from),
    0x00,
    encoding === 'GSM-7' ? 0x00 : 0x08,
    ...ts,
    body.udl,
    ...body.bytes,
  ];
  return { hex: toHex([0x00, ...tpdu]), tpduLength: tpdu.length };
}
