/**
 * Part numbers are typed with whatever separators people like: "W 914/2", "w914-2", "06A.115.561.B".
 * The normalised form keeps only letters and digits, upper-cased; it is what we store, index and
 * compare. Cyrillic look-alikes are kept as they are (a number typed in the wrong layout is a typo,
 * not a separator).
 */
export function normalizeNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

/** A barcode from a keyboard-wedge scanner: digits and letters as scanned, without the Enter or spaces. */
export function normalizeBarcode(raw: string): string {
  return raw.replace(/[\s\r\n\t]/g, '');
}

/** Escapes LIKE wildcards so that a normalised number can be used as a prefix pattern. */
export function likePrefix(normalized: string): string {
  return normalized.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/** Byte-wise order of normalised numbers, the order of the database's "C" collation. */
export function compareNormalized(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
