/** The characters a pairing code is made of (no 0/O, 1/I/L), as the server issues them. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 8;

/** What was typed, reduced to the code's characters: upper case, no dash or spaces, at most 8. */
export function normalizePairingInput(raw: string): string {
  let code = '';
  for (const char of raw.toUpperCase()) {
    if (PAIRING_ALPHABET.includes(char)) code += char;
    if (code.length === PAIRING_CODE_LENGTH) break;
  }
  return code;
}

/** Shown as it is typed: "K7QM", "K7QM-3X", "K7QM-3XPA". */
export function formatPairingInput(code: string): string {
  return code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function isCompletePairingCode(code: string): boolean {
  return code.length === PAIRING_CODE_LENGTH;
}
