/**
 * A card UID as the readers report it: upper-case hex, 4, 7 or 10 bytes (8–20 hex digits here to be
 * tolerant of odd cards). People type UIDs with spaces, colons or dashes; those are dropped.
 */
export function normalizeBadgeUid(input: string): string | null {
  const hex = input.replace(/[\s:.-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8,32}$/.test(hex) || hex.length % 2 !== 0) return null;
  return hex;
}
