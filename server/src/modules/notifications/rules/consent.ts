import type { ChannelKind, Purpose } from './message-kinds.ts';

export interface Consents {
  smsService: boolean;
  smsMarketing: boolean;
  emailService: boolean;
  emailMarketing: boolean;
}

/** Whether the customer agreed to messages of this purpose on this channel. */
export function consentAllows(consents: Consents, channel: ChannelKind, purpose: Purpose): boolean {
  if (channel === 'sms') return purpose === 'service' ? consents.smsService : consents.smsMarketing;
  return purpose === 'service' ? consents.emailService : consents.emailMarketing;
}

const STOP_WORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'СТОП',
  'ОТПИСАТЬСЯ',
  'ОТПИСКА',
]);

/**
 * A reply that asks to stop messages: the first word, whatever its case and punctuation, is a stop
 * word ("stop", "СТОП!", "Stop please"). A longer message that merely mentions "stop" later is not.
 */
export function isOptOutReply(text: string): boolean {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const word = first.replace(/[^\p{L}]/gu, '').toUpperCase();
  return STOP_WORDS.has(word);
}
