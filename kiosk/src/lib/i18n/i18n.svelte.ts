import type { Locale } from '$contracts/roles.ts';
import { coreEn } from './core-en.ts';
import { coreRu } from './core-ru.ts';
import type { MessageKey } from './en.ts';
import { interpolate, type MessageParams } from './interpolate.ts';
import { browserLocale, storedLocale, storeLocale } from './locale.ts';

type Dictionary = Partial<Record<MessageKey, string>>;

/**
 * Each app registers the modules' messages it shows (the desk all of them, the kiosks the shop floor's),
 * so a wall screen does not download every screen's strings.
 */
const dictionaries: Record<Locale, Dictionary> = { en: { ...coreEn }, ru: { ...coreRu } };

export function addMessages(messages: Record<Locale, Record<string, string>>): void {
  Object.assign(dictionaries.en, messages.en);
  Object.assign(dictionaries.ru, messages.ru);
}

/**
 * The interface language. A language picked with the switch is remembered on this computer and wins;
 * otherwise the signed-in user's language, else the station's default, else the browser's.
 */
class I18n {
  locale = $state<Locale>(storedLocale() ?? browserLocale());
  /** The station's IANA time zone, once known: dates are shown in it, not in the browser's. */
  timeZone = $state<string | undefined>(undefined);

  constructor() {
    this.applyToDocument();
  }

  /** Translates a key; `{name}` placeholders are filled from params. */
  t = (key: MessageKey, params?: MessageParams): string =>
    interpolate(dictionaries[this.locale][key] ?? dictionaries.en[key] ?? key, params);

  /** The language switch: remembered on this computer. */
  choose(locale: Locale): void {
    storeLocale(locale);
    this.locale = locale;
    this.applyToDocument();
  }

  /** A default from the server (the user's or the station's language), unless someone chose one here. */
  adoptDefault(locale: Locale): void {
    if (storedLocale()) return;
    this.locale = locale;
    this.applyToDocument();
  }

  dateTime = (iso: string | null | undefined): string => {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(this.locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: this.timeZone,
    }).format(new Date(iso));
  };

  time = (date: Date): string =>
    new Intl.DateTimeFormat(this.locale, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.timeZone,
    }).format(date);

  private applyToDocument(): void {
    document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();
export const t = i18n.t;
export type { MessageKey };
