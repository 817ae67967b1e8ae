import { gsm7Width } from './gsm-charset.ts';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Capacity of one SMS, and of each part of a concatenated one (the 6-octet header takes the rest). */
export const SMS_LIMITS: Readonly<Record<SmsEncoding, { single: number; multipart: number }>> = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
};

export interface SmsInfo {
  encoding: SmsEncoding;
  /** Characters as a person counts them (code points). */
  characters: number;
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Capacity of one segment at this length: 160/70 for a single SMS, 153/67 for each part. */
  perSegment: number;
  /** Units still free in the last segment. */
  remaining: number;
  /** The distinct characters that forced UCS-2 (empty for GSM-7). */
  nonGsmCharacters: string[];
}

export function smsEncodingOf(text: string): SmsEncoding {
  for (const char of text) if (gsm7Width(char) === null) return 'UCS-2';
  return 'GSM-7';
}

function widthOf(char: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? gsm7Width(char)! : char.length;
}

/**
 * The texts of the parts the message is sent as. A GSM-7 extension character (two septets) and a
 * UCS-2 surrogate pair (two code units) are never cut between two parts.
 */
export function splitSms(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding = smsEncodingOf(text);
  const limits = SMS_LIMITS[encoding];
  const chars = [...text];
  const total = chars.reduce((sum, c) => sum + widthOf(c, encoding), 0);
  if (total <= limits.single) return { encoding, parts: text ? [text] : [] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of chars) {
    const width = widthOf(char, encoding);
    if (used + width > limits.multipart) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += width;
  }
  if (current) parts.push(current);
  return { encoding, parts };
}

/** What the template preview shows under an SMS: encoding, length and the number of segments. */
export function smsInfo(text: string): SmsInfo {
  const { encoding, parts } = splitSms(text);
  const limits = SMS_LIMITS[encoding];
  const chars = [...text];
  const units = chars.reduce((sum, c) => sum + widthOf(c, encoding), 0);
  const perSegment = parts.length > 1 ? limits.multipart : limits.single;
  const last = parts.at(-1) ?? '';
  const lastUnits = [...last].reduce((sum, c) => sum + widthOf(c, encoding), 0);
  const nonGsm = encoding === 'UCS-2' ? [...new Set(chars.filter((c) => gsm7Width(c) === null))] : [];
  return {
    encoding,
    characters: chars.length,
    units,
    segments: parts.length,
    perSegment,
    remaining: parts.length ? perSegment - lastUnits : limits.single,
    nonGsmCharacters: nonGsm,
  };
}
