import { describe, expect, it } from 'vitest';
import {
  smsEncodingOf,
  smsInfo,
  splitSms,
} from '../../../server/src/modules/notifications/rules/sms-encoding.ts';

const a = (n: number) => 'a'.repeat(n);

describe('SMS encoding and segments', () => {
  it.each([
    { name: 'empty', text: '', encoding: 'GSM-7', units: 0, segments: 0 },
    { name: 'plain Latin', text: 'Hello', encoding: 'GSM-7', units: 5, segments: 1 },
    { name: '160 GSM-7 characters fit one SMS', text: a(160), encoding: 'GSM-7', units: 160, segments: 1 },
    { name: '161 make two parts of 153 + 8', text: a(161), encoding: 'GSM-7', units: 161, segments: 2 },
    { name: '306 = 2 × 153', text: a(306), encoding: 'GSM-7', units: 306, segments: 2 },
    { name: '307 need a third part', text: a(307), encoding: 'GSM-7', units: 307, segments: 3 },
    {
      name: 'the extension table counts double (€)',
      text: '€'.repeat(80),
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
    },
    {
      name: '81 euro signs are 162 septets',
      text: '€'.repeat(81),
      encoding: 'GSM-7',
      units: 162,
      segments: 2,
    },
    {
      name: 'braces, brackets, caret, tilde, pipe, backslash',
      text: '{}[]^~|\\',
      encoding: 'GSM-7',
      units: 16,
      segments: 1,
    },
    {
      name: 'GSM-7 accented letters stay GSM-7',
      text: 'èéùìòÇÅåÄÖÑÜäöñüàß¿¡',
      encoding: 'GSM-7',
      units: 20,
      segments: 1,
    },
    { name: 'a lowercase ç is not in GSM-7', text: 'ça va', encoding: 'UCS-2', units: 5, segments: 1 },
    { name: 'Cyrillic is UCS-2', text: 'Привет', encoding: 'UCS-2', units: 6, segments: 1 },
    {
      name: '70 UCS-2 characters fit one SMS',
      text: 'ж'.repeat(70),
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    },
    { name: '71 make two parts of 67 + 4', text: 'ж'.repeat(71), encoding: 'UCS-2', units: 71, segments: 2 },
    {
      name: 'one Cyrillic letter turns a long Latin text to UCS-2',
      text: `${a(100)}Ж`,
      encoding: 'UCS-2',
      units: 101,
      segments: 2,
    },
    {
      name: 'an emoji takes two UCS-2 units',
      text: '😀'.repeat(35),
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    },
  ])('$name', ({ text, encoding, units, segments }) => {
    const info = smsInfo(text);
    expect(info.encoding).toBe(encoding);
    expect(info.units).toBe(units);
    expect(info.segments).toBe(segments);
  });

  it('tells the capacity per segment and what is left in the last one', () => {
    expect(smsInfo(a(150))).toMatchObject({ perSegment: 160, remaining: 10 });
    expect(smsInfo(a(200))).toMatchObject({ perSegment: 153, remaining: 153 - 47 });
    expect(smsInfo('Ж'.repeat(60))).toMatchObject({ perSegment: 70, remaining: 10 });
    expect(smsInfo('Ж'.repeat(100))).toMatchObject({ perSegment: 67, remaining: 67 - 33 });
  });

  it('names the characters that forced UCS-2', () => {
    expect(smsInfo('Car ready — К оплате').nonGsmCharacters).toEqual([
      '—',
      'К',
      'о',
      'п',
      'л',
      'а',
      'т',
      'е',
    ]);
    expect(smsInfo('plain').nonGsmCharacters).toEqual([]);
  });

  it('never cuts an extension character between two parts', () => {
    const text = `${a(152)}€${a(10)}`; // the euro sign would take septets 153 and 154
    const { parts } = splitSms(text);
    expect(parts).toEqual([a(152), `€${a(10)}`]);
    expect(parts.join('')).toBe(text);
  });

  it('never cuts a surrogate pair between two parts', () => {
    const text = `${'ж'.repeat(66)}😀${'ж'.repeat(10)}`; // the emoji would take units 67 and 68
    const { parts } = splitSms(text);
    expect(parts[0]).toBe('ж'.repeat(66));
    expect(parts[1]!.startsWith('😀')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('keeps every part within 153 septets / 67 units', () => {
    for (const text of [a(1000), `${'€'.repeat(300)}x`, 'Ж'.repeat(500)]) {
      const { encoding, parts } = splitSms(text);
      const limit = encoding === 'GSM-7' ? 153 : 67;
      for (const part of parts) expect(smsInfo(part).units).toBeLessThanOrEqual(limit);
      expect(parts.join('')).toBe(text);
    }
  });

  it('reads newlines as GSM-7', () => {
    expect(smsEncodingOf('line one\nline two\r')).toBe('GSM-7');
  });
});
