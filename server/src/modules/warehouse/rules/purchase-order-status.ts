import type { PurchaseOrderStatus } from '../../../contracts/warehouse.ts';

export type PurchaseOrderAction = 'edit' | 'send' | 'receive' | 'cancel';

const ALLOWED: Record<PurchaseOrderStatus, readonly PurchaseOrderAction[]> = {
  draft: ['edit', 'send', 'cancel'],
  sent: ['receive', 'cancel'],
  partly_received: ['receive', 'cancel'],
  received: [],
  cancelled: [],
};

/** Whether a purchase order in this status allows the action (the state machine's edges). */
export function canPurchaseOrder(status: PurchaseOrderStatus, action: PurchaseOrderAction): boolean {
  return ALLOWED[status].includes(action);
}

export interface OrderedLine {
  quantity: number;
  received: number;
}

/** The status after a receipt: received when every line is complete, partly received otherwise. */
export function statusAfterReceipt(lines: readonly OrderedLine[]): PurchaseOrderStatus {
  if (lines.length === 0) throw new Error('A purchase order has lines');
  if (lines.some((l) => l.received > l.quantity)) throw new Error('Received more than ordered');
  const any = lines.some((l) => l.received > 0);
  if (!any) return 'sent';
  return lines.every((l) => l.received === l.quantity) ? 'received' : 'partly_received';
}

const WHY: Record<PurchaseOrderStatus, string> = {
  draft: 'is still a draft',
  sent: 'is already sent',
  partly_received: 'is partly received',
  received: 'is fully received',
  cancelled: 'is cancelled',
};

export function purchaseOrderRefusal(
  number: string,
  status: PurchaseOrderStatus,
  action: PurchaseOrderAction,
): string {
  const verb = { edit: 'edit', send: 'send', receive: 'receive against', cancel: 'cancel' }[action];
  return `Cannot ${verb} purchase order ${number}: it ${WHY[status]}`;
}
