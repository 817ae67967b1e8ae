/**
 * Vehicle identification numbers (ISO 3779). Every VIN we accept has 17 characters from the set
 * without I, O and Q. The check digit (position 9) is mandatory only for vehicles made for North
 * America (first character 1–5: USA, Canada, Mexico), so only those are checked; European and
 * Russian VINs (W…, X…, Z…) carry no mandatory check digit, and many valid ones would fail it.
 */
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const LETTER_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
/** Cyrillic letters that look like Latin ones, as typed on a Russian keyboard layout. */
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

/** Upper-case, without spaces and dashes, Cyrillic look-alikes replaced by Latin letters. */
export function normalizeVin(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[АВЕКМНОРСТУХ]/g, (c) => CYRILLIC_LOOKALIKES[c] ?? c);
}

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const value = c >= '0' && c <= '9' ? Number(c) : (LETTER_VALUES[c] ?? 0);
    sum += value * WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export function checkDigitApplies(vin: string): boolean {
  return /^[1-5]/.test(vin);
}

/** Why a (normalised) VIN is not acceptable, or null. */
export function vinProblem(vin: string): string | null {
  if (vin.length !== 17) return 'must have 17 characters';
  if (/[IOQ]/.test(vin)) return 'must not contain the letters I, O or Q';
  if (!VIN_PATTERN.test(vin)) return 'may hold only the letters A–Z and digits';
  if (checkDigitApplies(vin) && vin[8] !== vinCheckDigit(vin))
    return `has a wrong check digit (position 9 should be ${vinCheckDigit(vin)})`;
  return null;
}
