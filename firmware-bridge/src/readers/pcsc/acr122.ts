import type { FeedbackOutcome } from '../../contract/mqtt-payloads.ts';

/** PC/SC "Get Data": the UID of the card in the field (response: UID bytes + SW1 SW2). */
export const GET_UID_APDU = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);

/**
 * ACR122U pseudo-APDU "Bi-Color LED and Buzzer Control": FF 00 40 P2 04 T1 T2 repeats buzzer.
 * P2 bits: 0 final red, 1 final green, 2 red mask, 3 green mask, 4 initial red blink,
 * 5 initial green blink, 6 red blink mask, 7 green blink mask. T1/T2 in 100 ms units; buzzer 01 =
 * sound during T1.
 *   accepted: green for 100 ms with one short beep        (P2 0x2E, 01 00 01 01)
 *   rejected: red blinking three times with three beeps   (P2 0x5D, 02 01 03 01)
 */
export function ledBuzzerApdu(outcome: FeedbackOutcome): Buffer {
  return outcome === 'accepted'
    ? Buffer.from([0xff, 0x00, 0x40, 0x2e, 0x04, 0x01, 0x00, 0x01, 0x01])
    : Buffer.from([0xff, 0x00, 0x40, 0x5d, 0x04, 0x02, 0x01, 0x03, 0x01]);
}

/**
 * ACR122U "Set Buzzer Output during Card Detection" off: otherwise the reader beeps on every card by
 * itself, before the server has said accepted or rejected.
 */
export const DETECTION_BEEP_OFF_APDU = Buffer.from([0xff, 0x00, 0x52, 0x00, 0x00]);

/** True for readers that understand the ACR122U pseudo-APDUs above. */
export function supportsAcr122Feedback(readerName: string): boolean {
  return /acr122/i.test(readerName);
}

/** The UID from a Get Data response, upper-case hex in the reader's byte order; null unless SW = 90 00. */
export function uidFromResponse(response: Buffer): string | null {
  if (response.length < 3) return null;
  if (response[response.length - 2] !== 0x90 || response[response.length - 1] !== 0x00) return null;
  return response.subarray(0, -2).toString('hex').toUpperCase();
}
