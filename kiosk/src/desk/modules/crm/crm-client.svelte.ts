import { ApiClient } from '$lib/api/client.ts';
import { crmApi, type AdChannel, type CrmPerson, type LostReason } from '$lib/api/crm-api.ts';
import type { SelectOption } from '$lib/components/Select.svelte';
import { i18n } from '$lib/i18n/i18n.svelte.ts';
import { session } from '../../session.svelte.ts';
import { ageParts, formatMoney } from './crm-format.ts';
import { t } from '$lib/i18n/i18n.svelte.ts';

/** The CRM API for the desk: a 401 sends the desk back through its sign-in check. */
export const crm = crmApi(new ApiClient({ onUnauthenticated: () => void session.start() }));

/** People, advertising channels and lost reasons: loaded once per desk session for the filters and dialogs. */
class CrmLookups {
  people = $state.raw<CrmPerson[]>([]);
  channels = $state.raw<AdChannel[]>([]);
  lostReasons = $state.raw<LostReason[]>([]);
  private loaded: Promise<void> | null = null;

  load(): Promise<void> {
    this.loaded ??= Promise.all([
      crm.people().then((r) => (this.people = r.items)),
      crm.channels().then((r) => (this.channels = r.items)),
      crm.lostReasons().then((r) => (this.lostReasons = r.items.filter((x) => x.active))),
    ])
      .then(() => undefined)
      .catch((err: unknown) => {
        this.loaded = null;
        throw err;
      });
    return this.loaded;
  }

  personName(id: string | null | undefined): string {
    return this.people.find((p) => p.id === id)?.name ?? '';
  }

  get peopleOptions(): SelectOption[] {
    return this.people.map((p) => ({ value: p.id, label: p.name }));
  }

  get channelOptions(): SelectOption[] {
    return this.channels.map((c) => ({ value: c.id, label: c.name }));
  }
}

export const lookups = new CrmLookups();

export const money = (minor: number): string =>
  formatMoney(minor, i18n.locale, session.me?.station.currency ?? 'RUB');

export function age(seconds: number): string {
  const { n, unit } = ageParts(seconds);
  return t(`crm.age.${unit}`, { n });
}

/** "12500.50" or "12 500,50" → 1250050 minor units; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!clean) return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}
