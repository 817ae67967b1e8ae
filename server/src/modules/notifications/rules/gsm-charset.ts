/**
 * The GSM 03.38 default alphabet and its extension table (reached with the escape 0x1B, so each of
 * these characters takes two septets). Index = septet value.
 */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

export const GSM7_ESCAPE = 0x1b;

export const GSM7_EXTENSION: Readonly<Record<string, number>> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

const BASIC_INDEX = new Map<string, number>();
for (let i = 0; i < GSM7_BASIC.length; i++) if (i !== GSM7_ESCAPE) BASIC_INDEX.set(GSM7_BASIC[i]!, i);
const EXTENSION_BY_SEPTET = new Map<number, string>(Object.entries(GSM7_EXTENSION).map(([c, s]) => [s, c]));

/** Septets one character takes in GSM-7: 1 (basic), 2 (extension) or null (not in the alphabet). */
export function gsm7Width(char: string): 1 | 2 | null {
  if (BASIC_INDEX.has(char)) return 1;
  if (char in GSM7_EXTENSION) return 2;
  return null;
}

/** The septets of a GSM-7 text; throws on a character outside the alphabet. */
export function toGsm7Septets(text: string): number[] {
  const out: number[] = [];
  for (const char of text) {
    const basic = BASIC_INDEX.get(char);
    if (basic !== undefined) out.push(basic);
    else if (char in GSM7_EXTENSION) out.push(GSM7_ESCAPE, GSM7_EXTENSION[char]!);
    else throw new Error(`"${char}" is not in the GSM-7 alphabet`);
  }
  return out;
}

/** Text of GSM-7 septets; an unknown extension septet reads as a space, as handsets do. */
export function fromGsm7Septets(septets: readonly number[]): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]!;
    if (s === GSM7_ESCAPE && i + 1 < septets.length) {
      i += 1;
      out += EXTENSION_BY_SEPTET.get(septets[i]!) ?? ' ';
    } else {
      out += GSM7_BASIC[s] ?? '?';
    }
  }
  return out;
}
