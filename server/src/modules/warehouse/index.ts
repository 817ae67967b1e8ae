import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { catalogueRoutes } from './routes/catalogue.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { lineRoutes } from './routes/lines.routes.ts';
import { partsRequestRoutes } from './routes/parts-requests.routes.ts';
import { purchasingRoutes } from './routes/purchasing.routes.ts';
import { stockRoutes } from './routes/stock.routes.ts';
import { stocktakeRoutes } from './routes/stocktakes.routes.ts';

export {
  defineWarehouseModels,
  Part,
  PartNumber,
  StockLocation,
  Supplier,
  PurchaseOrder,
} from './models/index.ts';

// Commands other modules call inside their own transaction (`cx`). The workshop tells the warehouse
// what each parts line needs; the lift kiosk (through the workshop or the API) asks for parts.
export { reserveForLine, type ReserveForLineInput } from './commands/reserve-for-line.ts';
export { releaseLineReservation, releaseOrderReservations } from './commands/release-line-reservation.ts';
export { issueToLine, type IssueToLineInput } from './commands/issue-to-line.ts';
export { returnFromLine, type ReturnFromLineInput } from './commands/return-from-line.ts';
export { createPartsRequest, type PartsRequestInput } from './commands/create-parts-request.ts';
export { issuePartsRequest } from './commands/issue-parts-request.ts';
export { cancelPartsRequest } from './commands/cancel-parts-request.ts';
// Commands for seeds, imports and tests.
export { createPart } from './commands/create-part.ts';
export { addCrossReference } from './commands/add-cross-reference.ts';
export { createLocation } from './commands/locations.ts';
export { createSupplier } from './commands/suppliers.ts';
export { adjustStock } from './commands/adjust-stock.ts';
export { receiveStock } from './commands/receive-stock.ts';
export { setStockLimit } from './commands/set-stock-limit.ts';
export { createPurchaseOrder, sendPurchaseOrder } from './commands/purchase-orders.ts';
// Reads other modules may use.
export { findReservation } from './commands/reservation-row.ts';
export { partStock } from './queries/stock.ts';
export { searchParts } from './queries/search-parts.ts';
export { reconcileStock } from './queries/reconcile.ts';
export { normalizeNumber } from './rules/normalize-number.ts';

/** Everything under /api/warehouse. */
export function warehouseRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/warehouse' });
  for (const sub of [
    catalogueRoutes(deps),
    stockRoutes(deps),
    purchasingRoutes(deps),
    stocktakeRoutes(deps),
    importRoutes(deps),
    partsRequestRoutes(deps),
    lineRoutes(deps),
  ]) {
    router.use(sub.routes(), sub.allowedMethods());
  }
  return router;
}
