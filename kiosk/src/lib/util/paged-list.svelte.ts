import { untrack } from 'svelte';
import type { Page } from '$contracts/dto.ts';
import { errorMessage } from '../api/error-message.ts';

export type Filters = Record<string, string>;

const SEARCH_DELAY_MS = 250;

/**
 * A server-paged list with filters (users, staff, the audit log). Changing a filter goes back to the
 * first page; typing in a search box waits a moment; an answer to an older request is ignored.
 */
export class PagedList<T, F extends Filters> {
  filters = $state<F>({} as F);
  offset = $state(0);
  page = $state.raw<Page<T> | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  private request = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchPage: (query: F & { offset: number; limit: number }) => Promise<Page<T>>,
    initial: F,
    readonly limit = 25,
  ) {
    this.filters = initial;
  }

  get items(): T[] {
    return this.page?.items ?? [];
  }

  get total(): number {
    return this.page?.total ?? 0;
  }

  async load(): Promise<void> {
    const request = ++this.request;
    this.loading = true;
    // Read without tracking: a caller inside an effect must not re-run on every keystroke.
    const query = untrack(() => ({
      ...($state.snapshot(this.filters) as F),
      offset: this.offset,
      limit: this.limit,
    }));
    try {
      const page = await this.fetchPage(query);
      if (request !== this.request) return;
      this.page = page;
      this.error = null;
    } catch (err) {
      if (request === this.request) this.error = errorMessage(err);
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  goTo(offset: number): void {
    this.offset = offset;
    void this.load();
  }

  /** After a filter changed: from the first page; `debounce` for typing. */
  refilter(debounce = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.offset = 0;
    if (!debounce) {
      void this.load();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, SEARCH_DELAY_MS);
  }
}
