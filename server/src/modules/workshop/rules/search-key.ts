/**
 * The key names are searched by. PostgreSQL's trigram index only sees ASCII letters under the C
 * locale the station's database uses, and lower() there folds only ASCII, so the application
 * folds case itself and spells Cyrillic with one Latin letter per letter ("Иванов" → "ivanov").
 * Search input goes through the same function; a Latin spelling therefore finds a Cyrillic name too.
 */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'c',
  ш: 's',
  щ: 's',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'u',
  я: 'a',
};

export function nameKey(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[а-яё]/g, (c) => CYRILLIC[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
