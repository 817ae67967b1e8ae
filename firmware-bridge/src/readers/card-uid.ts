import { CARD_UID_PATTERN } from '../contract/mqtt-payloads.ts';

/** A UID as the contract wants it (upper-case hex), or null when it is not a plausible UID. */
export function normaliseUid(input: string | Buffer): string | null {
  const hex =
    typeof input === 'string'
      ? input.replace(/[\s:-]/g, '').toUpperCase()
      : input.toString('hex').toUpperCase();
  return CARD_UID_PATTERN.test(hex) ? hex : null;
}
