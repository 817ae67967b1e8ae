import { LOCALES, type Locale } from '$contracts/roles.ts';

const STORAGE_KEY = 'pitwall.locale';

/** Each language by its own name, as language pickers show them (never translated). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language someone picked on this computer with the language switch, if any. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or a full disk: the choice lasts for this page only.
  }
}

/** Before anyone signs in: the browser's language when we speak it. */
export function browserLocale(): Locale {
  const language = (navigator.languages?.[0] ?? navigator.language ?? 'en').slice(0, 2).toLowerCase();
  return isLocale(language) ? language : 'en';
}
