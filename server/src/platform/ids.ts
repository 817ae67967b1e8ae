import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A random secret for a cookie or a device token: 256 bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are high-entropy, so a plain SHA-256 is the right hash for looking them up. */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
