/**
 * What a website form sends, read leniently (forms are written by web designers, not by us): known
 * field names in English and Russian, a honeypot field that people never see and bots fill in.
 */
export const HONEYPOT_FIELDS = ['website', 'url', 'homepage', 'company_site', '_gotcha'] as const;

const ALIASES: Record<string, readonly string[]> = {
  name: ['name', 'fio', 'full_name', 'fullname', 'имя'],
  phone: ['phone', 'tel', 'telephone', 'mobile', 'телефон'],
  email: ['email', 'e-mail', 'mail'],
  message: ['message', 'comment', 'text', 'question', 'сообщение', 'комментарий'],
  make: ['make', 'brand', 'car_make', 'марка'],
  model: ['model', 'car_model', 'модель'],
  plate: ['plate', 'reg', 'registration', 'госномер'],
};

export interface LeadFormFields {
  name: string | null;
  phone: string | null;
  email: string | null;
  message: string | null;
  make: string | null;
  model: string | null;
  plate: string | null;
  utm: Record<string, string>;
}

const clip = (v: unknown, max: number): string | null => {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  return s ? s.slice(0, max) : null;
};

export function readLeadForm(body: Record<string, unknown>): LeadFormFields {
  const lower = new Map(Object.entries(body).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const pick = (field: string, max: number) => {
    for (const alias of ALIASES[field] ?? []) {
      const v = clip(lower.get(alias), max);
      if (v) return v;
    }
    return null;
  };
  const utm: Record<string, string> = {};
  for (const [k, v] of lower) {
    if (k.startsWith('utm_')) {
      const value = clip(v, 200);
      if (value) utm[k] = value;
    }
  }
  return {
    name: pick('name', 200),
    phone: pick('phone', 40),
    email: pick('email', 200),
    message: pick('message', 4000),
    make: pick('make', 60),
    model: pick('model', 60),
    plate: pick('plate', 20),
    utm,
  };
}

/** A bot filled in a field no person can see. */
export function isSpam(body: Record<string, unknown>): boolean {
  return Object.entries(body).some(
    ([k, v]) =>
      (HONEYPOT_FIELDS as readonly string[]).includes(k.trim().toLowerCase()) &&
      typeof v === 'string' &&
      v.trim() !== '',
  );
}
