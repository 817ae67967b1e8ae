/**
 * Registration plates. People type Russian plates with Cyrillic or Latin letters interchangeably
 * (А123ВС77 and A123BC77 are the same plate), with or without spaces. We keep the plate as typed
 * (upper-case, single spaces) for display, and a search key: letters and digits only, every Cyrillic
 * letter that has a Latin twin mapped to it. Searches normalise their input with the same key.
 */
const CYRILLIC_TO_LATIN: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  Ё: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

export function displayPlate(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}

export function plateKey(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[АВЕЁКМНОРСТУХ]/g, (c) => CYRILLIC_TO_LATIN[c] ?? c)
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function plateProblem(raw: string): string | null {
  const key = plateKey(raw);
  if (key.length < 2) return 'must have at least two letters or digits';
  if (key.length > 16) return 'must have at most 16 letters or digits';
  return null;
}
