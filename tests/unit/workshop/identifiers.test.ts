import { describe, expect, it } from 'vitest';
import { formatOrderNumber, yearIn } from '../../../server/src/modules/workshop/rules/order-number.ts';
import { normalizePhone, phoneDigits } from '../../../server/src/modules/workshop/rules/phone.ts';
import { displayPlate, plateKey, plateProblem } from '../../../server/src/modules/workshop/rules/plate.ts';
import { nameKey } from '../../../server/src/modules/workshop/rules/search-key.ts';
import {
  checkDigitApplies,
  normalizeVin,
  vinCheckDigit,
  vinProblem,
} from '../../../server/src/modules/workshop/rules/vin.ts';

describe('VIN', () => {
  it.each([
    ['1M8GDM9AXKP042788', null], // the textbook North-American VIN with check digit X
    ['11111111111111111', null], // all ones: check digit 1
    ['1M8GDM9A1KP042788', /check digit \(position 9 should be X\)/],
    ['WVWZZZ1JZXW000001', null], // European: no mandatory check digit
    ['XTA210990Y2765432', null], // Russian (Lada)
    ['JH4KA8260MC000000', null], // Japanese: not checked
    ['1M8GDM9AXKP04278', /17 characters/],
    ['1M8GDM9AXKP0427888', /17 characters/],
    ['WVWZZZ1JZXW00000O', /I, O or Q/],
    ['WVWZZZ1JZXW0000_1', /letters A–Z and digits/],
  ])('%s', (vin, expected) => {
    const problem = vinProblem(vin);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('normalises case, separators and Cyrillic look-alikes typed on a Russian layout', () => {
    expect(normalizeVin(' xta-21099 0y2765432 ')).toBe('XTA210990Y2765432');
    expect(normalizeVin('ХТА210990У2765432')).toBe('XTA210990Y2765432');
  });

  it('computes check digits and says where they apply', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(vinCheckDigit('1HGCM82633A004352')).toBe('3');
    expect(checkDigitApplies('1HGCM82633A004352')).toBe(true);
    expect(checkDigitApplies('WVWZZZ1JZXW000001')).toBe(false);
  });
});

describe('phone normalisation (station region RU)', () => {
  it.each([
    ['8 (926) 123-45-67', '+79261234567'],
    ['+7 926 123 45 67', '+79261234567'],
    ['9261234567', '+79261234567'],
    ['79261234567', '+79261234567'],
    ['8-495-123-45-67', '+74951234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 202-555-0143', '+12025550143'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw, 'RU')).toEqual({ ok: true, e164 });
  });

  it.each([['12345'], ['call me'], ['+7 926 12'], ['8 (926) 123-45-67 ext'], ['']])('refuses %j', (raw) => {
    expect(normalizePhone(raw, 'RU').ok).toBe(false);
  });

  it('reads a national number in the station region', () => {
    expect(normalizePhone('030 123456', 'DE')).toEqual({ ok: true, e164: '+4930123456' });
  });

  it('search fragments keep only digits', () => {
    expect(phoneDigits('+7 (926) 12')).toBe('792612');
  });
});

describe('plates', () => {
  it('maps Cyrillic and Latin spellings of the same plate to one key', () => {
    expect(plateKey('А123ВС77')).toBe('A123BC77');
    expect(plateKey('a 123 bc 77')).toBe('A123BC77');
    expect(plateKey('а123вс 777')).toBe('A123BC777');
    expect(plateKey('Х-001-ХХ')).toBe('X001XX');
  });
  it('keeps letters without a Latin twin', () => {
    expect(plateKey('Д123ЖЯ')).toBe('Д123ЖЯ');
  });
  it('displays upper-case with single spaces', () => {
    expect(displayPlate('  а123вс   77 ')).toBe('А123ВС 77');
  });
  it('needs two to sixteen letters or digits', () => {
    expect(plateProblem('-')).toMatch(/at least two/);
    expect(plateProblem('A'.repeat(17))).toMatch(/at most 16/);
    expect(plateProblem('A123BC77')).toBeNull();
  });
});

describe('order numbers', () => {
  it('formats the year and a six-digit sequence', () => {
    expect(formatOrderNumber(2026, 123)).toBe('WO-2026-000123');
    expect(formatOrderNumber(2026, 1_234_567)).toBe('WO-2026-1234567');
  });
  it('takes the year in the station time zone', () => {
    const newYearInMoscow = new Date('2026-12-31T21:30:00Z');
    expect(yearIn(newYearInMoscow, 'Europe/Moscow')).toBe(2027);
    expect(yearIn(newYearInMoscow, 'UTC')).toBe(2026);
  });
});

describe('name search keys', () => {
  it.each([
    ['Иванов Иван', 'ivanov ivan'],
    ['ПЁТР  Семёнов-Щукин', 'petr semenov sukin'],
    ['ООО «Ромашка»', 'ooo romaska'],
    ['Škoda Service', 'skoda service'],
    ['  John O’Brien ', 'john o brien'],
  ])('%j → %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
  it('a Latin spelling and a Cyrillic spelling meet', () => {
    expect(nameKey('Ivanov')).toBe(nameKey('Иванов'));
  });
});
