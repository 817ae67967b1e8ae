import type { Tone } from '$lib/components/StatusPill.svelte';
import type { SelectOption } from '$lib/components/Select.svelte';
import type {
  MovementKind,
  PurchaseOrderStatus,
  SearchMatchKind,
  StocktakeDto,
} from '$contracts/warehouse.ts';
import { i18n, t, type MessageKey } from '$lib/i18n/i18n.svelte.ts';
import { session } from '../../session.svelte.ts';
import { formatMoney, formatQty, waitParts } from './format.ts';

/** The station's currency (money on these screens is in minor units of it). */
export const currency = (): string => session.me?.station.currency ?? 'RUB';

export const money = (minor: number): string => formatMoney(minor, currency(), i18n.locale);
export const qty = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : formatQty(value, i18n.locale);

/** "12 min", "1 h 30 min", "45 s". */
export function waitLabel(seconds: number): string {
  const { hours, minutes, seconds: s } = waitParts(seconds);
  if (hours > 0) return t('warehouse.wait.hours', { hours, minutes });
  if (minutes > 0) return t('warehouse.wait.minutes', { minutes });
  return t('warehouse.wait.seconds', { seconds: s });
}

const MOVEMENT: Record<MovementKind, MessageKey> = {
  opening: 'warehouse.movement.opening',
  receipt: 'warehouse.movement.receipt',
  issue: 'warehouse.movement.issue',
  return: 'warehouse.movement.return',
  transfer_out: 'warehouse.movement.transfer_out',
  transfer_in: 'warehouse.movement.transfer_in',
  adjustment: 'warehouse.movement.adjustment',
  stocktake: 'warehouse.movement.stocktake',
};
export const movementLabel = (kind: MovementKind): string => t(MOVEMENT[kind]);

const PO_STATUS: Record<PurchaseOrderStatus, { key: MessageKey; tone: Tone }> = {
  draft: { key: 'warehouse.po.status.draft', tone: 'neutral' },
  sent: { key: 'warehouse.po.status.sent', tone: 'info' },
  partly_received: { key: 'warehouse.po.status.partly_received', tone: 'warning' },
  received: { key: 'warehouse.po.status.received', tone: 'success' },
  cancelled: { key: 'warehouse.po.status.cancelled', tone: 'danger' },
};
export const poStatusLabel = (status: PurchaseOrderStatus): string => t(PO_STATUS[status].key);
export const poStatusTone = (status: PurchaseOrderStatus): Tone => PO_STATUS[status].tone;
export const poStatusOptions = (): SelectOption[] =>
  (Object.keys(PO_STATUS) as PurchaseOrderStatus[]).map((value) => ({ value, label: poStatusLabel(value) }));

const STOCKTAKE_STATUS: Record<StocktakeDto['status'], { key: MessageKey; tone: Tone }> = {
  open: { key: 'warehouse.stocktake.status.open', tone: 'info' },
  posted: { key: 'warehouse.stocktake.status.posted', tone: 'success' },
  cancelled: { key: 'warehouse.stocktake.status.cancelled', tone: 'neutral' },
};
export const stocktakeStatusLabel = (status: StocktakeDto['status']): string =>
  t(STOCKTAKE_STATUS[status].key);
export const stocktakeStatusTone = (status: StocktakeDto['status']): Tone => STOCKTAKE_STATUS[status].tone;

const MATCH: Record<SearchMatchKind, MessageKey> = {
  sku: 'warehouse.match.kind.sku',
  article: 'warehouse.match.kind.article',
  oem: 'warehouse.match.kind.oem',
  barcode: 'warehouse.match.kind.barcode',
  analogue: 'warehouse.match.kind.analogue',
  name: 'warehouse.match.name',
};
export const matchKindLabel = (kind: SearchMatchKind): string => t(MATCH[kind]);
