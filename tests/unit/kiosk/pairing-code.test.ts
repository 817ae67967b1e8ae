import { describe, expect, it } from 'vitest';
import {
  formatPairingInput,
  isCompletePairingCode,
  normalizePairingInput,
} from '../../../kiosk/src/lib/kiosk/pairing-code.ts';
import { newPairingCode } from '../../../server/src/modules/identity/rules/pairing-code.ts';

describe('pairing code input', () => {
  it('keeps the code characters, upper-cased, at most 8', () => {
    expect(normalizePairingInput('k7qm-3xpa')).toBe('K7QM3XPA');
    expect(normalizePairingInput(' K7QM 3XPA ')).toBe('K7QM3XPA');
    expect(normalizePairingInput('K7QM3XPAZZZ')).toBe('K7QM3XPA');
  });

  it('drops characters a code never has (0, O, 1, I, L, punctuation)', () => {
    expect(normalizePairingInput('0O1IL!K7')).toBe('K7');
  });

  it('shows the dash once more than four characters are typed', () => {
    expect(formatPairingInput('K7Q')).toBe('K7Q');
    expect(formatPairingInput('K7QM')).toBe('K7QM');
    expect(formatPairingInput('K7QM3')).toBe('K7QM-3');
    expect(formatPairingInput('K7QM3XPA')).toBe('K7QM-3XPA');
  });

  it('accepts every code the server issues', () => {
    for (let i = 0; i < 200; i++) {
      const code = newPairingCode();
      expect(normalizePairingInput(code)).toBe(code);
      expect(isCompletePairingCode(normalizePairingInput(code))).toBe(true);
    }
    expect(isCompletePairingCode('K7QM3XP')).toBe(false);
  });
});
