import type { AppDeps } from '../../../deps.ts';
// The workshop does not export these from its index yet; this adapter is the one place that reads them.
import { renderOrderDocument } from '../../workshop/documents/render.ts';
import { documentData } from '../../workshop/queries/document-data.ts';
import type { AttachmentRenderer } from './registry.ts';

/** The order's invoice as a PDF, the same document the desk prints. */
export function invoiceRenderer(deps: Pick<AppDeps, 'sequelize' | 'config' | 'clock'>): AttachmentRenderer {
  return async (request) => {
    if (!request.orderId) throw new Error('an invoice needs an order');
    const data = await documentData(deps, request.orderId, 'invoice', request.locale);
    const pdf = await renderOrderDocument(data);
    return { filename: `${data.order.number}-invoice.pdf`, contentType: 'application/pdf', content: pdf };
  };
}
