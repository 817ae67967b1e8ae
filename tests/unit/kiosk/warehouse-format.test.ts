import { describe, expect, it } from 'vitest';
import {
  clampOffset,
  cleanScan,
  currencyDigits,
  formatMoney,
  formatQty,
  numberKey,
  pageOf,
  parseMoney,
  parseQty,
  waitParts,
  waitTone,
} from '../../../kiosk/src/desk/modules/warehouse/format.ts';

describe('warehouse desk formatting', () => {
  it('shows quantities with up to three decimals in the interface language', () => {
    expect(formatQty(4.5, 'en')).toBe('4.5');
    expect(formatQty(4.5, 'ru')).toBe('4,5');
    expect(formatQty(1234.125, 'en')).toBe('1,234.125');
    expect(formatQty(2, 'en')).toBe('2');
  });

  it('shows and reads money in minor units of the station currency', () => {
    expect(currencyDigits('RUB')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(formatMoney(123_450, 'RUB', 'en').replace(/\s/g, ' ')).toBe('RUB 1,234.50');
    expect(formatMoney(123_450, 'RUB', 'ru').replace(/\s/g, ' ')).toBe('1 234,50 ₽');
    expect(parseMoney('1 234,5', 'RUB')).toBe(123_450);
    expect(parseMoney('99.90', 'RUB')).toBe(9_990);
    expect(parseMoney('450', 'RUB')).toBe(45_000);
    expect(parseMoney('1.234', 'RUB')).toBeNull();
    expect(parseMoney('-5', 'RUB')).toBeNull();
    expect(parseMoney('abc', 'RUB')).toBeNull();
    expect(parseMoney('120', 'JPY')).toBe(120);
    expect(parseMoney('1.5', 'JPY')).toBeNull();
  });

  it('reads typed quantities: above zero (or zero for a count), at most three decimals', () => {
    expect(parseQty('4,5')).toBe(4.5);
    expect(parseQty(' 2 ')).toBe(2);
    expect(parseQty('0.001')).toBe(0.001);
    expect(parseQty('0')).toBeNull();
    expect(parseQty('0', { allowZero: true })).toBe(0);
    expect(parseQty('1.2345')).toBeNull();
    expect(parseQty('-1')).toBeNull();
    expect(parseQty('')).toBeNull();
  });

  it('splits a wait into hours, minutes and seconds and colours it by how long it is', () => {
    expect(waitParts(45)).toEqual({ hours: 0, minutes: 0, seconds: 45 });
    expect(waitParts(754)).toEqual({ hours: 0, minutes: 12, seconds: 34 });
    expect(waitParts(5400)).toEqual({ hours: 1, minutes: 30, seconds: 0 });
    expect(waitParts(-3)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
    expect(waitTone(60)).toBe('success');
    expect(waitTone(5 * 60)).toBe('warning');
    expect(waitTone(15 * 60)).toBe('danger');
  });

  it('cleans what a keyboard-wedge scanner typed and keys numbers without separators', () => {
    expect(cleanScan('4600000000001\r\n')).toBe('4600000000001');
    expect(cleanScan('  0 986-452 041\t')).toBe('0 986-452 041');
    expect(numberKey('0 986-452.041')).toBe('0986452041');
    expect(numberKey('06a 115-561 b')).toBe('06A115561B');
  });

  it('pages lists the server returns whole and keeps the page valid when the list shrinks', () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(items, 20, 20)).toEqual(items.slice(20, 40));
    expect(pageOf(items, 40, 20)).toHaveLength(5);
    expect(clampOffset(45, 40, 20)).toBe(40);
    expect(clampOffset(40, 40, 20)).toBe(20);
    expect(clampOffset(0, 40, 20)).toBe(0);
    expect(clampOffset(1, 0, 20)).toBe(0);
  });
});
