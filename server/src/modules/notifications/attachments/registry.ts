import type { OutgoingAttachment } from '../delivery/channel.ts';

export interface AttachmentRequest {
  type: string;
  orderId?: string;
  locale: 'en' | 'ru';
}

/** Renders a document to attach to an e-mail at send time (the invoice of the order, in the message's language). */
export type AttachmentRenderer = (request: AttachmentRequest) => Promise<OutgoingAttachment>;

const renderers = new Map<string, AttachmentRenderer>();

/** Where another module plugs in a document: `registerAttachmentRenderer('invoice', render)`. */
export function registerAttachmentRenderer(type: string, renderer: AttachmentRenderer | null): void {
  if (renderer) renderers.set(type, renderer);
  else renderers.delete(type);
}

export function attachmentRenderer(type: string): AttachmentRenderer | null {
  return renderers.get(type) ?? null;
}
