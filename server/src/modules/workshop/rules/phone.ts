import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers are stored in E.164 (+79261234567). A number typed without "+" is read in the
 * station's region (PITWALL_PHONE_REGION), so "8 (926) 123-45-67" in Russia becomes +79261234567.
 * The full metadata is used, so a number must be valid for its country, not merely of the right length.
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: string };

export function normalizePhone(raw: string, region: string): PhoneResult {
  const text = raw.trim();
  if (!/\d/.test(text)) return { ok: false, problem: 'must contain digits' };
  if (/[^\d\s()+.-]/.test(text))
    return { ok: false, problem: 'may contain only digits, spaces, brackets, dots, dashes and +' };
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: region as CountryCode, extract: false });
  if (!parsed || !parsed.isValid())
    return { ok: false, problem: `is not a valid phone number for ${parsed?.country ?? region}` };
  return { ok: true, e164: parsed.number };
}

/** The digits of a search fragment ("926 12" → "92612"), for matching anywhere in stored numbers. */
export function phoneDigits(fragment: string): string {
  return fragment.replace(/\D/g, '');
}
