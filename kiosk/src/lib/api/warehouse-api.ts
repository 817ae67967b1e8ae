import type { Page } from '$contracts/dto.ts';
import type {
  DeadStockRowDto,
  ImportJobDto,
  ImportPreviewDto,
  ImportRowErrorDto,
  LineReservationDto,
  LocationDto,
  MovementDto,
  PartCardDto,
  PartSearchHitDto,
  PartsRequestDto,
  PurchaseOrderDto,
  PurchaseOrderStatus,
  ReceiptDto,
  ReorderSuggestionDto,
  StockFigures,
  StocktakeDto,
  SupplierDto,
} from '$contracts/warehouse.ts';
import { ApiError } from './api-error.ts';
import type { ApiClient, Query } from './client.ts';

/** Request bodies and filters of the warehouse routes (mirroring server/src/modules/warehouse/warehouse.schemas.ts). */

export interface PartSearch extends Query {
  q?: string;
  brand?: string;
  by?: 'any' | 'number' | 'name';
  inStock?: 'true' | 'false';
  limit?: number;
}

export interface PageFilters extends Query {
  offset?: number;
  limit?: number;
}

export interface PurchaseOrderFilters extends PageFilters {
  status?: PurchaseOrderStatus | '';
  supplierId?: string;
}

/** A stock level row of `/api/warehouse/stock` (a location's shelf list). */
export interface LevelRowDto extends StockFigures {
  partId: string;
  sku: string;
  name: string;
  brand: string | null;
  locationId: string;
  locationCode: string;
  min: number | null;
  max: number | null;
}

export interface ReceiptLineInput {
  partId: string;
  quantity: number;
  unitCost?: number;
}

export interface ReceiptInput {
  purchaseOrderId?: string | null;
  supplierId?: string | null;
  locationId?: string | null;
  supplierDocument?: string | null;
  note?: string | null;
  lines: ReceiptLineInput[];
}

export interface PurchaseOrderInput {
  supplierId: string;
  locationId?: string | null;
  note?: string | null;
  lines: ReceiptLineInput[];
}

export interface IssueRequestInput {
  items?: Array<{ partLineId: string; quantity?: number | null; locationId?: string | null }>;
}

export interface PartsRequestInput {
  orderId: string;
  jobId: string;
  liftId?: string | null;
  note?: string | null;
  items?: Array<{ partLineId?: string; partId?: string; quantity?: number; description?: string | null }>;
}

export type ImportKind = 'catalogue' | 'stock';

export interface ImportErrorsPage extends Page<ImportRowErrorDto> {
  /** How many errors the server kept (it stops recording after a limit; `total` counts them all). */
  stored: number;
}

const id = (value: string) => encodeURIComponent(value);

/**
 * Sends a file as the request body with upload progress (fetch cannot report it): `onProgress` gets
 * 0–1 as the bytes leave the browser.
 */
export function uploadFile<T>(url: string, file: Blob, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(ApiError.fromBody(xhr.status, parsed));
    };
    xhr.send(file);
  });
}

/** The storekeeper's typed view of `/api/warehouse`. */
export function warehouseApi(client: ApiClient) {
  const base = '/api/warehouse';
  return {
    parts: {
      search: (query: PartSearch) => client.get<PartSearchHitDto[]>(`${base}/parts`, query),
      get: (partId: string) => client.get<PartCardDto>(`${base}/parts/${id(partId)}`),
      stock: (partId: string) =>
        client.get<StockFigures & { locations: Array<StockFigures & { locationId: string }> }>(
          `${base}/parts/${id(partId)}/stock`,
        ),
      ledger: (partId: string, query: PageFilters & { locationId?: string }) =>
        client.get<Page<MovementDto>>(`${base}/parts/${id(partId)}/ledger`, query),
    },
    locations: {
      list: () => client.get<LocationDto[]>(`${base}/locations`),
    },
    suppliers: {
      list: () => client.get<SupplierDto[]>(`${base}/suppliers`),
    },
    stock: {
      levels: (query: PageFilters & { locationId?: string; belowMin?: 'true' | 'false' }) =>
        client.get<Page<LevelRowDto>>(`${base}/stock`, query),
      deadStock: (days: number) => client.get<DeadStockRowDto[]>(`${base}/dead-stock`, { days }),
    },
    requests: {
      queue: (status: 'open' | 'issued' | 'cancelled' = 'open', limit = 200) =>
        client.get<PartsRequestDto[]>(`${base}/parts-requests`, { status, limit }),
      get: (requestId: string) => client.get<PartsRequestDto>(`${base}/parts-requests/${id(requestId)}`),
      create: (input: PartsRequestInput) => client.post<PartsRequestDto>(`${base}/parts-requests`, input),
      issue: (requestId: string, input: IssueRequestInput = {}) =>
        client.post<PartsRequestDto>(`${base}/parts-requests/${id(requestId)}/issue`, input),
      cancel: (requestId: string, reason: string) =>
        client.post<PartsRequestDto>(`${base}/parts-requests/${id(requestId)}/cancel`, { reason }),
    },
    lines: {
      get: (lineId: string) => client.get<LineReservationDto>(`${base}/lines/${id(lineId)}`),
    },
    purchaseOrders: {
      list: (query: PurchaseOrderFilters) =>
        client.get<Page<PurchaseOrderDto>>(`${base}/purchase-orders`, query),
      get: (orderId: string) => client.get<PurchaseOrderDto>(`${base}/purchase-orders/${id(orderId)}`),
      create: (input: PurchaseOrderInput) => client.post<PurchaseOrderDto>(`${base}/purchase-orders`, input),
      send: (orderId: string) => client.post<PurchaseOrderDto>(`${base}/purchase-orders/${id(orderId)}/send`),
      cancel: (orderId: string, reason: string) =>
        client.post<PurchaseOrderDto>(`${base}/purchase-orders/${id(orderId)}/cancel`, { reason }),
      fromSuggestions: (partIds?: string[]) =>
        client.post<{ orders: PurchaseOrderDto[]; skipped: Array<{ partId: string; reason: string }> }>(
          `${base}/purchase-orders/from-suggestions`,
          partIds ? { partIds } : {},
        ),
    },
    receipts: {
      list: (query: PageFilters & { purchaseOrderId?: string }) =>
        client.get<Page<Omit<ReceiptDto, 'lines' | 'arrivals'>>>(`${base}/receipts`, query),
      get: (receiptId: string) => client.get<ReceiptDto>(`${base}/receipts/${id(receiptId)}`),
      create: (input: ReceiptInput) => client.post<ReceiptDto>(`${base}/receipts`, input),
    },
    reorder: {
      suggestions: () => client.get<ReorderSuggestionDto[]>(`${base}/reorder-suggestions`),
    },
    stocktakes: {
      list: (query: PageFilters) =>
        client.get<Page<Omit<StocktakeDto, 'lines'>>>(`${base}/stocktakes`, query),
      get: (stocktakeId: string) => client.get<StocktakeDto>(`${base}/stocktakes/${id(stocktakeId)}`),
      open: (locationId: string, note?: string | null) =>
        client.post<StocktakeDto>(`${base}/stocktakes`, { locationId, note: note || null }),
      count: (stocktakeId: string, counts: Array<{ partId: string; counted: number | null }>) =>
        client.put<StocktakeDto>(`${base}/stocktakes/${id(stocktakeId)}/counts`, { counts }),
      post: (stocktakeId: string) =>
        client.post<StocktakeDto & { postedNow: boolean; movements: number }>(
          `${base}/stocktakes/${id(stocktakeId)}/post`,
        ),
      cancel: (stocktakeId: string) =>
        client.post<StocktakeDto>(`${base}/stocktakes/${id(stocktakeId)}/cancel`),
    },
    imports: {
      upload: (kind: ImportKind, file: File, onProgress?: (fraction: number) => void) =>
        uploadFile<ImportPreviewDto>(
          `${base}/imports?kind=${kind}&fileName=${encodeURIComponent(file.name)}`,
          file,
          onProgress,
        ),
      start: (jobId: string, mapping: Record<string, string>) =>
        client.post<ImportJobDto>(`${base}/imports/${id(jobId)}/start`, { mapping }),
      get: (jobId: string) => client.get<ImportJobDto>(`${base}/imports/${id(jobId)}`),
      errors: (jobId: string, query: PageFilters) =>
        client.get<ImportErrorsPage>(`${base}/imports/${id(jobId)}/errors`, query),
    },
  };
}

export type WarehouseApi = ReturnType<typeof warehouseApi>;
