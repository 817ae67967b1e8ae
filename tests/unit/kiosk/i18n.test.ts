import { describe, expect, it } from 'vitest';
import type { ApiErrorCode } from '../../../server/src/contracts/errors.ts';
import { en } from '../../../kiosk/src/lib/i18n/en.ts';
import { interpolate, placeholdersOf } from '../../../kiosk/src/lib/i18n/interpolate.ts';
import { ru } from '../../../kiosk/src/lib/i18n/ru.ts';

const dictionaries = { ru };

describe('dictionaries', () => {
  for (const [name, dictionary] of Object.entries(dictionaries)) {
    it(`${name} has exactly the keys of en`, () => {
      expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
    });

    it(`${name} uses the same {placeholders} as en in every message`, () => {
      const differences = Object.entries(en)
        .map(([key, text]) => ({
          key,
          en: placeholdersOf(text),
          [name]: placeholdersOf(dictionary[key as keyof typeof en] ?? ''),
        }))
        .filter((row) => JSON.stringify(row.en) !== JSON.stringify(row[name]));
      expect(differences).toEqual([]);
    });

    it(`${name} has no empty messages`, () => {
      const empty = Object.entries(dictionary).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    });
  }

  it('translates every API error code', () => {
    // A Record over the contract's union: a code added to the API without a message fails typecheck here.
    const codes: Record<ApiErrorCode, true> = {
      validation_failed: true,
      unauthenticated: true,
      invalid_credentials: true,
      locked_out: true,
      rate_limited: true,
      forbidden: true,
      not_found: true,
      conflict: true,
      already_set_up: true,
      invalid_pairing_code: true,
      badge_in_use: true,
      payload_too_large: true,
      not_ready: true,
      internal: true,
    };
    const missing = Object.keys(codes).filter((code) => !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{from}–{to} of {total}', { from: 1, to: 25, total: 130 })).toBe('1–25 of 130');
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
    expect(interpolate('No placeholders')).toBe('No placeholders');
  });

  it('lists placeholders once, sorted', () => {
    expect(placeholdersOf('{b} and {a} and {b}')).toEqual(['a', 'b']);
    expect(placeholdersOf('none')).toEqual([]);
  });
});
