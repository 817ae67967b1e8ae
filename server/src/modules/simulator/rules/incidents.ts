import type { Rng } from './random.ts';

const MINUTE = 60;

/** Things that go wrong on a real shop floor, so the rejected list and the red beep have something to show. */
export type Incident =
  | { type: 'malformed'; topic: 'badge' | 'lift' | 'bay'; payload: string }
  | { type: 'unknown_badge'; uid: string };

/** Payloads a buggy bridge firmware might send: not JSON, or JSON that breaks the contract. */
export function malformedPayload(rng: Rng, eventId: number): Incident {
  const at = '2026-01-01T00:00:00.000Z';
  const variants: Incident[] = [
    { type: 'malformed', topic: 'badge', payload: `{"eventId":${eventId},"readerId":"r1","uid":"04A1` },
    {
      type: 'malformed',
      topic: 'badge',
      payload: JSON.stringify({ eventId: -eventId, readerId: 'r1', uid: 'not-hex', at, sentAt: at }),
    },
    {
      type: 'malformed',
      topic: 'lift',
      payload: JSON.stringify({ eventId, sensorId: 's1', state: 'half-way', at, sentAt: at }),
    },
  ];
  return rng.pick(variants);
}

/** A card nobody at the station owns: a visitor's bank card on the reader. */
export function unknownBadge(rng: Rng): Incident {
  const hex = Array.from({ length: 7 }, () => rng.int(0, 255).toString(16).padStart(2, '0')).join('');
  return { type: 'unknown_badge', uid: `08${hex.slice(2)}`.toUpperCase() };
}

/** The next incident and when (the first one early, so a fresh demo already has a rejected payload). */
export function nextIncident(
  rng: Rng,
  first: boolean,
  eventId: number,
): { after: number; incident: Incident } {
  const after = first ? rng.int(2 * MINUTE, 5 * MINUTE) : rng.int(40 * MINUTE, 100 * MINUTE);
  const incident = first || rng.chance(0.55) ? malformedPayload(rng, eventId) : unknownBadge(rng);
  return { after, incident };
}
