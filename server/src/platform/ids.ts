import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * A UUID version 7: 48 bits of Unix milliseconds, then randomness. Rows inserted at a high rate with
 * these ids append to the end of the primary-key index instead of touching random pages (which costs
 * a full-page image in the WAL per page after each checkpoint).
 */
export function newTimeOrderedId(now: number = Date.now()): string {
  return newTimeOrderedIds(1, now)[0]!;
}

/** `count` of them with one call for the randomness (the ingest names thousands of rows a second). */
export function newTimeOrderedIds(count: number, now: number = Date.now()): string[] {
  const random = randomBytes(16 * count);
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const bytes = random.subarray(16 * i, 16 * i + 16);
    bytes.writeUIntBE(now, 0, 6);
    bytes[6] = (bytes[6]! & 0x0f) | 0x70;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    ids[i] =
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return ids;
}

/** A random secret for a cookie or a device token: 256 bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are high-entropy, so a plain SHA-256 is the right hash for looking them up. */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
