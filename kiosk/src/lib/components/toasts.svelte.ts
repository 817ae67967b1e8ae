export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** Short notices in a corner ("User created"); errors stay a little longer. */
class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;

  push(kind: ToastKind, message: string, timeoutMs = kind === 'error' ? 8_000 : DEFAULT_TIMEOUT_MS): number {
    const id = this.nextId++;
    this.items = [...this.items, { id, kind, message }];
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  success(message: string): number {
    return this.push('success', message);
  }

  error(message: string): number {
    return this.push('error', message);
  }

  clear(): void {
    this.items = [];
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
