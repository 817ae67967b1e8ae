import { describe, expect, it } from 'vitest';
import {
  displayPhone,
  formatMoney,
  minorDigits,
  moneyInput,
  parseMoney,
  parsePercent,
} from '../../../kiosk/src/desk/modules/workshop/money.ts';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('workshop money on the desk', () => {
  it('formats minor units in the station currency and the desk language', () => {
    expect(nbsp(formatMoney(123_450, 'RUB', 'ru'))).toBe('1 234,50 ₽');
    expect(nbsp(formatMoney(123_450, 'RUB', 'en'))).toBe('RUB 1,234.50');
    expect(nbsp(formatMoney(-5_000, 'RUB', 'ru'))).toBe('-50,00 ₽');
    expect(formatMoney(1_500, 'JPY', 'en')).toBe('¥1,500');
  });

  it.each([
    ['1500', 150_000],
    ['1500.5', 150_050],
    ['1 500,50', 150_050],
    ['0', 0],
    ['0.01', 1],
    ['1500.505', null],
    ['-10', null],
    ['abc', null],
    ['', null],
  ])('reads %j as %j minor units of RUB', (text, minor) => {
    expect(parseMoney(text, 'RUB')).toBe(minor);
  });

  it('knows the minor digits and writes amounts back for editing', () => {
    expect(minorDigits('RUB')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(moneyInput(150_050, 'RUB')).toBe('1500.50');
    expect(moneyInput(null, 'RUB')).toBe('');
    expect(parseMoney(moneyInput(99_999, 'RUB'), 'RUB')).toBe(99_999);
  });

  it.each([
    ['', 0],
    ['10', 1000],
    ['12,5', 1250],
    ['100', 10_000],
    ['100.01', null],
    ['5.555', null],
    ['x', null],
  ])('reads the percentage %j as %j basis points', (text, bp) => {
    expect(parsePercent(text)).toBe(bp);
  });

  it('spaces Russian phone numbers for reading and leaves others as they are', () => {
    expect(displayPhone('+79161234501')).toBe('+7 916 123-45-01');
    expect(displayPhone('+442079460958')).toBe('+442079460958');
  });
});
